#!/usr/bin/env bash
# One hierarchy built by 1, 2 and 3 runners at once (-Docisi.shard=K/N), cold, through the tests' registry on the
# loopback. Every runner is a "machine" of its own (a podman store, a containers.conf and an ocisi state folder), each
# set of runners publishes to a namespace of its own, and every time is a whole set of mvn processes, from the first
# start to the last end. The baseline is the same hierarchy built by one runner with the same flags (-Docisi.push).
# All runners share this machine's cores: with 2 cores, more runners only share the same CPU, so the gain is bounded
# by it (and by what the runners wait for in the registry); on real CI, each runner has cores of its own.
# Usage: bash bench/shards.sh   (from a clone, after `mvn install`; starts the engines itself)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/engines.sh
engines_start >/dev/null
source bench/lib.sh

work=$(mktemp -d /var/tmp/ocisi-bench-shards.XXXXXX)
registry=${OCISI_TEST_REGISTRY:-localhost:5555}/bench-shards-$(date +%s)
machines=(seed one two-1 two-2 three-1 three-2 three-3)
trap bench_cleanup EXIT

for m in "${machines[@]}"; do machine "$m"; done
mkdir -p "$work/seed/checkout"
on seed bash -c "source bench/lib.sh && bench_hierarchy '$work/seed/checkout'" >/dev/null
on seed podman push -q "$base" "docker://$registry/ocisi-bench-base:1"
for m in "${machines[@]:1}"; do
  cp -r "$work/seed/checkout" "$work/$m/checkout"
  on "$m" podman pull -q "$registry/ocisi-bench-base:1" >/dev/null
  on "$m" podman tag "$registry/ocisi-bench-base:1" "$base"
done

runners() { # N: the N runners of that set at once, shard K/N each; prints the whole time in ns
  local n=$1 names=() pids=() t0 t1 k
  case $n in 1) names=(one) ;; 2) names=(two-1 two-2) ;; 3) names=(three-1 three-2 three-3) ;; esac
  t0=$(now)
  for k in $(seq 1 "$n"); do
    local flags=(-Docisi.registry="$registry/set$n" -Docisi.push -Docisi.shardRun="bench-$n")
    [ "$n" -gt 1 ] && flags+=(-Docisi.shard="$k/$n")
    process "${names[$k-1]}" "${flags[@]}" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  t1=$(now)
  echo $((t1 - t0))
}
built() { # the images each runner of the set built
  local out=() m
  for m in "$@"; do out+=("$(sed -n 's/.*Summary: \([0-9]*\) built.*/\1/p' "$work/$m/last.log" | tail -1)"); done
  echo "${out[*]}"
}

one=$(runners 1)
expect one "40 built"
two=$(runners 2)
three=$(runners 3)
b2=$(built two-1 two-2); b3=$(built three-1 three-2 three-3)
total() { local s=0 x; for x in $1; do s=$((s + x)); done; echo $s; }
[ "$(total "$b2")" = 40 ] || { echo "2 runners built $b2 images, not 40 in all" >&2; exit 1; }
[ "$(total "$b3")" = 40 ] || { echo "3 runners built $b3 images, not 40 in all" >&2; exit 1; }

echo "Cold build of the 40-image hierarchy with -Docisi.push, whole mvn processes, all on this machine's $(nproc) cores:"
echo "  1 runner:  $(secs "$one") s"
echo "  2 runners: $(secs "$two") s ($(ratio "$one" "$two")x; images built by each: $b2)"
echo "  3 runners: $(secs "$three") s ($(ratio "$one" "$three")x; images built by each: $b3)"
for m in two-1 three-1; do
  echo "  $m: $(grep -o 'Shard [0-9]/[0-9]: builds [0-9]* images[^(]*' "$work/$m/last.log" | head -1)"
done
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(podman --version), $(java -version 2>&1 | head -1)"
