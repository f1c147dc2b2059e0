#!/usr/bin/env bash
# A nightly refresh of the bundled example (ocisictl.yaml), in a podman store and ocisi state of its own: two
# "nights" with -Docisi.pull and no change in Debian's archive. -Docisi.pull makes the debootstrap item again, which
# never gives a byte-identical image; before refreshes compared package sets, that new image rebuilt everything under
# it every night. Now the second night should build only the debootstrap, find the same packages, keep the old image
# and rebuild nothing under it. Baseline, in the same script: that debootstrap alone (-Docisi.only=debian:bookworm).
# Then the package cache: the bytes a build of debian-dev-base downloads from the mirror with an empty cache and with a
# filled one.
# Usage: bash bench/refresh.sh   (from a clone, after `mvn install`; starts the engines itself; about 10 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/engines.sh
engines_start >/dev/null
source bench/lib.sh

work=$(mktemp -d /var/tmp/ocisi-bench-refresh.XXXXXX)
printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/graph"\nrunroot = "%s/run"\n' "$work" "$work" >"$work/storage.conf"
sed "s#^\[engine\]#[engine]\ntmp_dir = \"$work/libpod-tmp\"#" "$CONTAINERS_CONF" >"$work/containers.conf"
export CONTAINERS_STORAGE_CONF=$work/storage.conf CONTAINERS_CONF=$work/containers.conf XDG_CACHE_HOME=$work/cache
cleanup() { podman system reset --force >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
cp -r ocisictl.yaml examples "$work/"
cd "$work"
run() { # FLAGS...: whole mvn seconds; the log in $work/last.log
  local t0 t1
  t0=$(now)
  mvn -B -ntp dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:process -Docisi.skipAssemble -Docisi.skipVm "$@" \
    >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }
  t1=$(now)
  secs $((t1 - t0))
}
summary() { grep -E 'Summary:|Refresh:' "$work/last.log" | sed 's/^\[INFO\] //'; }

echo "Building the example in a store of its own: $(run) s"
first=$(run -Docisi.pull)
echo "Night 1 (-Docisi.pull): $first s"; summary
second=$(run -Docisi.pull)
echo "Night 2 (-Docisi.pull): $second s"; summary
grep -q 'Summary: 0 built' "$work/last.log" || { echo "expected nothing built on night 2" >&2; exit 1; }
alone=$(run -Docisi.pull -Docisi.only=debian:bookworm)
echo "Baseline: the debootstrap alone (-Docisi.only=debian:bookworm): $alone s"
echo "A night with no change in the archive costs $second s, the debootstrap alone $alone s:" \
  "$(awk -v a="$second" -v b="$alone" 'BEGIN { printf "%.1f", a - b }') s more, for 7 images unchanged"
# the package cache: debian-dev-base built again from nothing twice (forced, no layer cache), the first time filling
# the cache, the second time served from it; the proxy counts what came from the mirror and what from the cache
run -Docisi.force=debian-dev-base -Docisi.noCache -Docisi.packageCache -Docisi.only=debian-dev-base >/dev/null
echo "debian-dev-base built again, empty package cache: $(grep -o 'Package cache ([^)]*): .*' "$work/last.log" | sed 's/([^)]*)//')"
run -Docisi.force=debian-dev-base -Docisi.noCache -Docisi.packageCache -Docisi.only=debian-dev-base >/dev/null
echo "debian-dev-base built again, with the cache:   $(grep -o 'Package cache ([^)]*): .*' "$work/last.log" | sed 's/([^)]*)//')"
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(podman --version)"
