#!/usr/bin/env bash
# ocisi's benchmarks, on podman, against a baseline measured in the same script on the same machine:
#   (a) a no-op `process` against a careful shell user's sequential loop of `podman build` over the same 40 images,
#       with a warm cache;
#   (b) `process` after one leaf changed, against the same loop;
#   (c) a cold build (no cache, every image forced) with parallel=1 against the default (one build per core).
# Prints ratios. Usage: bash bench/run.sh   (from a clone, after `mvn install`; starts the engines itself)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/engines.sh
engines_start >/dev/null

work=$(mktemp -d /var/tmp/ocisi-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

source bench/lib.sh
bench_hierarchy "$work"

shell_loop() { # a careful shell user's loop: parents first, one `podman build` after another, on its own tags
  for n in "${order[@]}"; do
    sed "s#localhost/ocisi-bench-r#localhost/shell-bench-r#" "$ctx/Containerfile.ocisi-bench-$n" >"$ctx/Shellfile.$n"
  done
  for n in "${order[@]}"; do
    podman build -q --build-arg LEVEL=1 -f "$ctx/Shellfile.$n" -t "localhost/shell-bench-$n:latest" "$ctx" >/dev/null
  done
}
process() { # runs process with extra flags; fails the benchmark when the run fails
  mvn -B -ntp dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:process -Docisi.file="$work/ocisictl.yaml" "$@" >"$work/last.log" 2>&1 \
    || { cat "$work/last.log" >&2; exit 1; }
}
goal_seconds() { # the last run's own time, as ocisi records it
  mvn -B -ntp dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:status -Docisi.file="$work/ocisictl.yaml" 2>&1 \
    | sed -n 's/.*Last run [^ ]*: [a-z]*, started [^ ]*, took \([0-9.]*\) s.*/\1/p'
}

echo "Warming: ocisi builds the hierarchy once, the shell loop twice"
process
shell_loop; shell_loop

t0=$(now); shell_loop; t1=$(now); shell_ns=$((t1 - t0))
t0=$(now); process; t1=$(now); mvn_ns=$((t1 - t0)); goal=$(goal_seconds)
echo
echo "(a) no-op: shell loop (warm cache) $(secs $shell_ns) s; ocisi goal $goal s; whole mvn $(secs $mvn_ns) s"
echo "    goal is $(ratio "$(secs $shell_ns)" "$goal")x faster than the loop; whole mvn $(ratio $shell_ns $mvn_ns)x faster"

echo "changed" >>"$ctx/r3-d2.txt"
t0=$(now); shell_loop; t1=$(now); shell2_ns=$((t1 - t0))
t0=$(now); process; t1=$(now); leaf_ns=$((t1 - t0))
grep -q 'Summary: 1 built, 39 up to date' "$work/last.log" || { echo "expected exactly one image rebuilt:" >&2; grep Summary "$work/last.log" >&2; exit 1; }
echo "(b) one leaf changed: shell loop $(secs $shell2_ns) s; whole mvn $(secs $leaf_ns) s: $(ratio $shell2_ns $leaf_ns)x faster"

process -Docisi.force -Docisi.noCache -Docisi.parallel=1; p1=$(goal_seconds)
process -Docisi.force -Docisi.noCache; pn=$(goal_seconds)
echo "(c) cold build: parallel=1 $p1 s; parallel=$(nproc) (default) $pn s: $(ratio "$p1" "$pn")x faster"

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(podman --version), $(java -version 2>&1 | head -1)"
# leave nothing behind but the base
podman images --format '{{.Repository}}:{{.Tag}}' | grep -E '/(ocisi|shell)-bench-r' | xargs -r podman rmi >/dev/null 2>&1 || true
