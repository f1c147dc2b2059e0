#!/usr/bin/env bash
# ocisi with a registry between machines, on podman, each figure next to a baseline measured in this script. Every
# "machine" is a podman store of its own with an ocisi state folder of its own (nothing shared with the machine's
# store or with each other), and the registry is the tests' own on the loopback:
#   (d) the 40-image hierarchy into an empty store: `process` with the registry (every image pulled) against a cold
#       build of the same hierarchy in another empty store;
#   (e) one leaf changed and published by machine B: machine A's `process` pulls it, against A building it again;
#   (f) `ocisi:push` of the 40 unchanged images: its time, and the blob uploads the registry took (target: none);
#   (g) the registry as layer cache: an image whose first step is slow and whose last step changed, built on a fresh
#       machine with the cache another machine published, against the same build without it (-Docisi.noCache).
# Usage: bash bench/registry.sh   (from a clone, after `mvn install`; starts the engines itself)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/engines.sh
engines_start >/dev/null
source bench/lib.sh

work=$(mktemp -d /var/tmp/ocisi-bench-registry.XXXXXX)
registry=${OCISI_TEST_REGISTRY:-localhost:5555}/bench-$(date +%s)
registry_log=${OCISI_ENGINES_STATE:-/var/tmp/ocisi-engines}/registry.log
machines=(a b c d e)

trap bench_cleanup EXIT

for m in "${machines[@]}"; do machine "$m"; done
# machine A's checkout and base; B and C get the same files at other paths, and the base from the registry (the
# same image id, as a base pinned in a registry would be)
mkdir -p "$work/a/checkout"
on a bash -c "source bench/lib.sh && bench_hierarchy '$work/a/checkout'" >/dev/null
on a podman push -q "$base" "docker://$registry/ocisi-bench-base:1"
for m in b c; do
  cp -r "$work/a/checkout" "$work/$m/checkout"
  on "$m" podman pull -q "$registry/ocisi-bench-base:1" >/dev/null
  on "$m" podman tag "$registry/ocisi-bench-base:1" "$base"
done

echo "Machine A builds the 40 images and publishes them to $registry"
t0=$(now); process a -Docisi.registry="$registry" -Docisi.push; t1=$(now)
expect a "40 built"
echo "    $(secs $((t1 - t0))) s: $(summary a)"

t0=$(now); process c; t1=$(now); cold_ns=$((t1 - t0))
expect c "40 built"
t0=$(now); process b -Docisi.registry="$registry"; t1=$(now); pulled_ns=$((t1 - t0))
expect b "0 built, 40 pulled"
echo
echo "(d) 40 images into an empty store: cold build $(secs $cold_ns) s; with the registry $(secs $pulled_ns) s:" \
  "$(ratio $cold_ns $pulled_ns)x faster (whole mvn)"
echo "    $(summary b)"

leaf=r3-d2
echo changed >>"$work/b/checkout/images/$leaf.txt"
process b -Docisi.registry="$registry" -Docisi.push
expect b "1 built"
echo changed >>"$work/a/checkout/images/$leaf.txt"
t0=$(now); process a -Docisi.registry="$registry"; t1=$(now); leaf_pull_ns=$((t1 - t0))
expect a "0 built, 1 pulled"
update=$(sed -n 's/.*1 pulled (\([^)]*)\)).*/\1/p' "$work/a/last.log" | tail -1)
t0=$(now); process a -Docisi.force=ocisi-bench-$leaf -Docisi.noCache -Docisi.reuse=false; t1=$(now); leaf_build_ns=$((t1 - t0))
expect a "1 built"
echo "(e) one leaf changed: machine A pulls it in $(secs $leaf_pull_ns) s ($update);" \
  "building it instead takes $(secs $leaf_build_ns) s (whole mvn)"

mark=$(stat -c %s "$registry_log")
t0=$(now)
(cd "$work/a/checkout" && on a mvn -B -ntp dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:push -Docisi.registry="$registry") \
  >"$work/a/push.log" 2>&1 || { cat "$work/a/push.log" >&2; exit 1; }
t1=$(now)
uploads=$(tail -c +$((mark + 1)) "$registry_log" | grep -c 'http.request.method=\(PATCH\|PUT\|POST\) .*/blobs/uploads/' || true)
manifests=$(tail -c +$((mark + 1)) "$registry_log" | grep -c 'http.request.method=PUT .*/manifests/' || true)
already=$(grep -c 'Published already:' "$work/a/push.log" || true)
echo "(f) ocisi:push of 40 unchanged images: $(secs $((t1 - t0))) s (whole mvn); $already of 40 already there;" \
  "blob uploads the registry took: $uploads; manifests written: $manifests"

# (g): A publishes an image whose first step takes 8 s (a compile, say); D and E, fresh, build it with its last step
# changed (nothing of these inputs is published), D with the registry's layer cache, E without (-Docisi.noCache)
for m in a d e; do mkdir -p "$work/$m/cached/img"; done
cat >"$work/a/cached/ocisictl.yaml" <<YAML
defaults: {path: img, enabled: true, manager: podman}
images:
  - name: ocisi-bench-cached
YAML
printf 'FROM %s\nRUN sleep 8 && echo built > /slow\nRUN echo v1 > /last\n' "$base" \
  >"$work/a/cached/img/Containerfile.ocisi-bench-cached"
(cd "$work/a/cached" && on a mvn -B -ntp dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:process -Docisi.skipAssemble \
  -Docisi.registry="$registry" -Docisi.push) >"$work/a/cached.log" 2>&1 || { cat "$work/a/cached.log" >&2; exit 1; }
for m in d e; do
  cp "$work/a/cached/ocisictl.yaml" "$work/$m/cached/"
  sed 's/v1/v2/' "$work/a/cached/img/Containerfile.ocisi-bench-cached" >"$work/$m/cached/img/Containerfile.ocisi-bench-cached"
  on "$m" podman pull -q "$registry/ocisi-bench-base:1" >/dev/null
  on "$m" podman tag "$registry/ocisi-bench-base:1" "$base"
done
cached_build() { # NAME FLAGS...: whole mvn seconds of process in that machine's copy
  local m=$1; shift
  local t0 t1
  t0=$(now)
  (cd "$work/$m/cached" && on "$m" mvn -B -ntp dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:process \
    -Docisi.skipAssemble -Docisi.registry="$registry" "$@") >"$work/$m/cached.log" 2>&1 \
    || { cat "$work/$m/cached.log" >&2; exit 1; }
  t1=$(now)
  grep -q 'Summary: 1 built' "$work/$m/cached.log" || { echo "machine $m: expected one build" >&2; exit 1; }
  secs $((t1 - t0))
}
with_cache=$(cached_build d)
grep -q 'Cache pulled from remote' "$work/d/cached.log" || { echo "machine d did not use the cache" >&2; exit 1; }
without_cache=$(cached_build e -Docisi.noCache)
echo "(g) last step changed, on a fresh machine: with the registry's layer cache $with_cache s; without it" \
  "$without_cache s (whole mvn; the first step sleeps 8 s)"

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(podman --version), $(java -version 2>&1 | head -1)"
