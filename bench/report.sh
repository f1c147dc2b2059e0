#!/usr/bin/env bash
# The report's drawing, measured: ocisi's own tree layout (in the goal's JVM) against Graphviz' dot (the other choice:
# `dot -Tsvg` on the hierarchy.dot that `list -Dgraph` writes), on the 40-image hierarchy (built, in a podman store of
# its own) and on 5,000 items (none built); with the whole `ocisi:report` run, the page's size and the time headless
# Chromium takes to load it. Usage: bash bench/report.sh   (from a clone, after `mvn install`; starts the engines)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/engines.sh
engines_start >/dev/null
work=$(mktemp -d /var/tmp/ocisi-bench-report.XXXXXX)
source bench/lib.sh
machines=(forty scale)
trap bench_cleanup EXIT
bench_hierarchy "$work/forty-hierarchy" >/dev/null
bench_scale_hierarchy "$work/scale-hierarchy"
for m in forty scale; do
  machine $m
  podman save -q "$base" | on $m podman load -q >/dev/null
  mkdir -p "$work/$m/checkout"
  cp -r "$work/$m-hierarchy/." "$work/$m/checkout/"
done
echo "Building the 40 images (in their own store) ..."
process forty -Docisi.skipVm
plugin=dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT
goal() { # MACHINE GOAL FLAGS...: whole mvn milliseconds; the log in $work/MACHINE/goal.log
  local m=$1 t0 t1; shift
  t0=$(now)
  (cd "$work/$m/checkout" && on "$m" mvn -B -ntp "$plugin:$1" "${@:2}") >"$work/$m/goal.log" 2>&1 \
    || { cat "$work/$m/goal.log" >&2; exit 1; }
  t1=$(now)
  echo $(((t1 - t0) / 1000000))
}
for m in forty scale; do
  goal $m list -Dgraph >/dev/null
  dot_ms=$( { /usr/bin/time -f '%e' dot -Tsvg "$work/$m/checkout/target/ocisi/hierarchy.dot" -o "$work/$m/dot.svg"; } 2>&1 )
  goal $m report -X >/dev/null
  drawn=$(sed -n 's/.*report: \([0-9]* images laid out and drawn in [0-9]* ms, [0-9]* KiB\).*/\1/p' "$work/$m/goal.log")
  whole=$(goal $m report)
  page=$work/$m/checkout/target/ocisi/report.html
  t0=$(now)
  chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$page" >/dev/null 2>&1
  t1=$(now)
  echo "$m: ocisi's layout: $drawn; Graphviz dot -Tsvg of the same hierarchy: ${dot_ms} s (a process of its own," \
    "$(du -k "$work/$m/dot.svg" | cut -f1) KiB of SVG, no links or states); whole \`mvn ocisi:report\`: $(secs "${whole}000000") s;" \
    "Chromium loads the page in $(secs "$(((t1 - t0)))") s"
done
echo "Machine: $(nproc) cores, $(podman --version), $(dot -V 2>&1), $(chromium --version 2>/dev/null)"
