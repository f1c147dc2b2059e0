#!/usr/bin/env bash
# Loads ocisi's report in headless Chromium with no network at all and says what the browser shows: the images drawn,
# what sharing saves, the timeline's steps; and what it logged to its console and requested (both must be nothing).
#   bash scripts/report-check.sh [target/ocisi/report.html]
set -euo pipefail
page=$(realpath "${1:-target/ocisi/report.html}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# a network namespace of its own (--map-root-user: a user may make one too); the sandbox refuses root
unshare --map-root-user --net chromium --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --user-data-dir="$work/profile" \
  --enable-logging=stderr --v=0 --log-net-log="$work/net.json" --virtual-time-budget=3000 \
  --dump-dom "file://$page" >"$work/dom.html" 2>"$work/chromium.log"
images=$({ grep -o '<g class="node image [a-z]*"' "$work/dom.html" || true; } | sed 's/.* //; s/"//' | sort | uniq -c \
  | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
saved=$(grep -o 'sharing saves <b class="saved">[^<]*' "$work/dom.html" | sed 's/.*>//' || true)
steps=$(grep -c '<g class="step ' "$work/dom.html" || true)
# the page's own console messages (Chromium's own pages, chrome://, log some when there is no network)
console=$(grep ':CONSOLE' "$work/chromium.log" | grep -c 'source: file://' || true)
# the page's own requests: those whose isolation key is the file's, not the browser's own update checks
requests=$(jq -r '.events[].params | select(.url? and (.network_isolation_key? // "" | contains("file://"))
  and (.url | startswith("file:") | not)) | .url' "$work/net.json" | sort -u | wc -l)
echo "$(basename "$page") in Chromium, offline: images drawn ${images:-none}; sharing saves ${saved:-nothing yet};" \
  "last run: $steps steps on the timeline; console messages: $console; requests out of the page: $requests"
[ "$console" = 0 ] && [ "$requests" = 0 ]
