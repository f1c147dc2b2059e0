#!/usr/bin/env bash
# ocisi's benchmarks, on podman, against a baseline measured in the same script on the same machine:
#   (a) a no-op `process` against a careful shell user's sequential loop of `podman build` over the same 40 images,
#       with a warm cache;
#   (b) `process` after one leaf changed, against the same loop;
#   (c) a cold build (no cache, every image forced) with parallel=1 against the default (one build per core);
#   (d) `list -Dlayers`, `list -Dgraph` and `list -Dall` against a no-op `process` on the same hierarchy (targets:
#       at most 1.2x, 1.0x and 1.0x), whole mvn processes, medians of 3;
#   (e) the no-op against Maven's own floor (`mvn -B -q validate` on an empty pom), with the JVM's defaults and with
#       the options docs/performance.md suggests for a terminal;
#   (f) 5,000 items (none built, in a store of its own): `list -Dgraph` and `process -Docisi.dryRun`, time and peak
#       resident memory (GNU time's maximum resident set size of the mvn process tree).
# The shell loop builds in a podman store of its own (bench/lib.sh's machine): it never touches ocisi's tags, and
# neither side's images crowd the other's store. Prints ratios. Usage: bash bench/run.sh   (from a clone, after `mvn install`; starts the engines itself)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/engines.sh
engines_start >/dev/null

work=$(mktemp -d /var/tmp/ocisi-bench.XXXXXX)
source bench/lib.sh
# the shell loop's own store, with podman's own state folder (tmp_dir) too: a store named by --root alone shares the
# machine's, and resetting it would reset the machine's podman
machines=(shell scale)
trap bench_cleanup EXIT
bench_hierarchy "$work"

machine shell
podman save -q "$base" | on shell podman load -q >/dev/null
shell_loop() { # a careful shell user's loop: parents first, one `podman build` after another, in a store of its own
  for n in "${order[@]}"; do
    sed "s#localhost/ocisi-bench-r#localhost/shell-bench-r#" "$ctx/Containerfile.ocisi-bench-$n" >"$ctx/Shellfile.$n"
  done
  for n in "${order[@]}"; do
    on shell podman build -q ${no_cache:-} --build-arg LEVEL=1 -f "$ctx/Shellfile.$n" -t "localhost/shell-bench-$n:latest" \
      "$ctx" >/dev/null
  done
}
goal() { # GOAL FLAGS...: whole mvn nanoseconds of one run of the goal on the hierarchy ($file, or the 40 images)
  local t0 t1
  t0=$(now)
  mvn -B -ntp dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:"$1" -Docisi.file="${file:-$work/ocisictl.yaml}" "${@:2}" \
    >"$work/goal.log" 2>&1 || { cat "$work/goal.log" >&2; exit 1; }
  t1=$(now)
  echo $((t1 - t0))
}
floor() { # whole mvn nanoseconds of Maven's own start-up and end: validate on an empty pom
  local t0 t1
  t0=$(now); mvn -B -q -f "$work/floor/pom.xml" validate >/dev/null 2>&1; t1=$(now)
  echo $((t1 - t0))
}
median3() { # GOAL FLAGS... (or floor): the median of three runs, in nanoseconds
  local a b c run=goal
  [ "$1" = floor ] && run=floor
  a=$($run "$@"); b=$($run "$@"); c=$($run "$@")
  printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p
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

timed() { # COMMAND...: nanoseconds of one run
  local t0 t1
  t0=$(now); "$@"; t1=$(now)
  echo $((t1 - t0))
}
goals=()
shell_ns=$(printf '%s\n' "$(timed shell_loop)" "$(timed shell_loop)" "$(timed shell_loop)" | sort -n | sed -n 2p)
mvn_runs=()
for _ in 1 2 3; do
  t0=$(now); process; t1=$(now); mvn_runs+=($((t1 - t0))); goals+=("$(goal_seconds)")
done
mvn_ns=$(printf '%s\n' "${mvn_runs[@]}" | sort -n | sed -n 2p)
goal=$(printf '%s\n' "${goals[@]}" | sort -n | sed -n 2p)
echo
echo "(a) no-op, medians of 3: shell loop (warm cache) $(secs $shell_ns) s; ocisi goal $goal s; whole mvn $(secs $mvn_ns) s"
echo "    goal is $(ratio "$(secs $shell_ns)" "$goal")x faster than the loop; whole mvn $(ratio $shell_ns $mvn_ns)x faster"

echo "changed" >>"$ctx/r3-d2.txt"
t0=$(now); shell_loop; t1=$(now); shell2_ns=$((t1 - t0))
t0=$(now); process; t1=$(now); leaf_ns=$((t1 - t0))
grep -q 'Summary: 1 built, 39 up to date' "$work/last.log" || { echo "expected exactly one image rebuilt:" >&2; grep Summary "$work/last.log" >&2; exit 1; }
echo "(b) one leaf changed: shell loop $(secs $shell2_ns) s; whole mvn $(secs $leaf_ns) s: $(ratio $shell2_ns $leaf_ns)x faster"

process -Docisi.force -Docisi.noCache -Docisi.parallel=1; p1=$(goal_seconds)
t0=$(now); process -Docisi.force -Docisi.noCache; t1=$(now); pn=$(goal_seconds); cold_ns=$((t1 - t0))
echo "(c) cold build: parallel=1 $p1 s; parallel=$(nproc) (default) $pn s: $(ratio "$p1" "$pn")x faster" \
  "(parallel=$(nproc) takes $(ratio "$pn" "$p1")x the time of parallel=1; target <= 0.75x)"
t0=$(now); no_cache=--no-cache shell_loop; t1=$(now); shell_cold_ns=$((t1 - t0))
echo "    against the shell loop without cache in its own store: loop $(secs $shell_cold_ns) s, ocisi (whole mvn)" \
  "$(secs $cold_ns) s: ocisi takes $(ratio $cold_ns $shell_cold_ns)x the loop's time (target <= 1.0x)"

goal list -Dlayers >/dev/null # the first listing reads each new layer's size once; the next ones remember them
noop=$(median3 process)
layers=$(median3 list -Dlayers)
graph=$(median3 list -Dgraph)
all=$(median3 list -Dall)
echo "(d) no-op process $(secs "$noop") s; list -Dlayers $(secs "$layers") s ($(ratio "$layers" "$noop")x, target <= 1.2x);" \
  "list -Dgraph $(secs "$graph") s ($(ratio "$graph" "$noop")x, target <= 1.0x); list -Dall $(secs "$all") s" \
  "($(ratio "$all" "$noop")x, target <= 1.0x); whole mvn, medians of 3"

mkdir -p "$work/floor"
printf '<project><modelVersion>4.0.0</modelVersion><groupId>b</groupId><artifactId>floor</artifactId><version>1</version></project>\n' \
  >"$work/floor/pom.xml"
floor_ns=$(median3 floor)
echo "(e) Maven's floor $(secs "$floor_ns") s; no-op process $(secs "$noop") s: $(ratio "$noop" "$floor_ns")x the floor" \
  "(target <= 2x, goal 1.5x); medians of 3"
jvm_options="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
floor_c1=$(MAVEN_OPTS="$jvm_options" median3 floor)
noop_c1=$(MAVEN_OPTS="$jvm_options" median3 process)
echo "    with MAVEN_OPTS=\"$jvm_options\" (docs/performance.md): floor $(secs "$floor_c1") s, no-op $(secs "$noop_c1") s:" \
  "$(ratio "$noop_c1" "$floor_c1")x its floor, $(ratio "$noop_c1" "$floor_ns")x the default floor;" \
  "$(ratio "$shell_ns" "$noop_c1")x faster than the shell loop (target >= 4x)"

# (f) 5,000 items, 50 trees of 100 (three children each), none built, in a store of its own that holds the base only.
# (A store holding 5,000 images could not be made here: podman 4.3 rewrites its image list for every image loaded or
# imported, and after 1,254 images one inspection of the 5,000 names took 5 minutes of podman's own time.)
scale=$work/scale-hierarchy
machine scale
podman save -q "$base" | on scale podman load -q >/dev/null
bench_scale_hierarchy "$scale"
echo "(f) 5,000 items, none built:"
peak() { # GOAL FLAGS...: "seconds peak-MB" of one whole mvn run on the 5,000 items, in the scale machine
  on scale /usr/bin/time -f '%e %M' -o "$work/time.txt" mvn -B -ntp \
    dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:"$1" -Docisi.file="$scale/ocisictl.yaml" "${@:2}" >"$work/goal.log" 2>&1 \
    || { cat "$work/goal.log" >&2; exit 1; }
  awk '{ printf "%s %.0f", $1, $2 / 1024 }' "$work/time.txt"
}
peak list -Dgraph >/dev/null # the first run writes the state folder
for g in "list -Dgraph" "process -Docisi.dryRun" "list -Dall"; do
  read -r s1 m1 <<<"$(peak $g)"; read -r s2 m2 <<<"$(peak $g)"; read -r s3 m3 <<<"$(peak $g)"
  s=$(printf '%s\n%s\n%s\n' "$s1" "$s2" "$s3" | sort -n | sed -n 2p)
  m=$(printf '%s\n%s\n%s\n' "$m1" "$m2" "$m3" | sort -n | tail -1)
  case $g in "list -Dgraph") target="8 s";; "process -Docisi.dryRun") target="10 s";; *) target="";; esac
  echo "    $g: $s s${target:+ (target <= $target)}, peak resident $m MB (target < 512 MB); median time, highest peak of 3"
done

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(podman --version), $(java -version 2>&1 | head -1)"
# leave nothing behind but the base
podman images --format '{{.Repository}}:{{.Tag}}' | grep -E '/ocisi-bench-r' | xargs -r podman rmi >/dev/null 2>&1 || true
