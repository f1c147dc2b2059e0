# What bench/run.sh and bench/registry.sh share: the hierarchy and the clock. Source it, then call
#   bench_hierarchy WORK
# which imports the busybox base into the current podman store (when missing) as $base and writes, under WORK, 40
# images: 4 roots, each a tree 5 levels deep (1 + 2 + 3 + 2 + 2 = 10 images per root), in WORK/ocisictl.yaml and
# WORK/images. Each image copies one small file and runs a short CPU-bound step. Sets $ctx and $order.
base=localhost/ocisi-bench-base:1

bench_base() { # imports busybox-static as $base into the current store, without a registry
  podman image exists "$base" && return 0
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin"; cp /bin/busybox "$root/bin/"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"; done
  tar -C "$root" -c . | podman import --quiet - "$base" >/dev/null
  rm -rf "$root"
}

bench_hierarchy() {
  local work=$1
  bench_base
  ctx=$work/images; mkdir -p "$ctx"
  order=()
  add() { # name parent
    local name=$1 parent=$2
    local from=${parent:+localhost/$parent:latest}
    printf '%s\n' "$name" >"$ctx/$name.txt"
    cat >"$ctx/Containerfile.$name" <<CF
FROM ${from:-$base}
ARG LEVEL=0
COPY $name.txt /opt/$name.txt
RUN i=0; while [ \$i -lt 600000 ]; do i=\$((i+1)); done; echo "$name \$LEVEL" > /opt/$name.done
CF
    order+=("$name")
  }
  for r in 1 2 3 4; do
    add "r$r" ""
    for a in 1 2; do
      add "r$r-a$a" "r$r"
    done
    for b in 1 2 3; do
      add "r$r-b$b" "r$r-a$(( (b % 2) + 1 ))"
    done
    add "r$r-c1" "r$r-b1"; add "r$r-c2" "r$r-b2"
    add "r$r-d1" "r$r-c1"; add "r$r-d2" "r$r-c2"
  done
  {
    echo "defaults: {path: images, enabled: true, manager: podman, args: {LEVEL: \"1\"}}"
    echo "images:"
    for n in "${order[@]}"; do echo "  - name: ocisi-bench-$n"; done
  } >"$work/ocisictl.yaml"
  for n in "${order[@]}"; do
    mv "$ctx/Containerfile.$n" "$ctx/Containerfile.ocisi-bench-$n"
    sed -i "s#localhost/r\([0-9]\)#localhost/ocisi-bench-r\1#" "$ctx/Containerfile.ocisi-bench-$n"
  done
  echo "Hierarchy: ${#order[@]} images in $work"
}

bench_scale_hierarchy() { # DIR: 5,000 items, 50 trees of 100 (three children each) on $base, in DIR/ocisictl.yaml
  local scale=$1 r i n from names=()
  mkdir -p "$scale/images"
  for r in $(seq 1 50); do
    for i in $(seq 0 99); do
      n=s$r-$i; names+=("$n")
      if [ "$i" -eq 0 ]; then from=$base; else from=localhost/s$r-$(( (i - 1) / 3 )):latest; fi
      printf 'FROM %s\nCOPY f.txt /opt/%s\nRUN echo %s\n' "$from" "$n" "$n" >"$scale/images/Containerfile.$n"
    done
  done
  echo x >"$scale/images/f.txt"
  { echo "defaults: {path: images, enabled: true, manager: podman}"; echo "images:"; printf '  - name: %s\n' "${names[@]}"; } \
    >"$scale/ocisictl.yaml"
}

now() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

# "Machines" for the registry and shard benchmarks: each a podman store of its own, a containers.conf with its own
# tmp_dir and an ocisi state folder, under $work; $machines names them (for bench_cleanup).
machine() { # NAME: a store, a containers.conf with its own tmp_dir, a state folder
  local dir=$work/$1
  mkdir -p "$dir/cache"
  printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/graph"\nrunroot = "%s/run"\n' "$dir" "$dir" >"$dir/storage.conf"
  sed "s#^\[engine\]#[engine]\ntmp_dir = \"$dir/libpod-tmp\"#" "$CONTAINERS_CONF" >"$dir/containers.conf"
}
on() { # NAME COMMAND...: the command with that machine's store and ocisi state
  local dir=$work/$1; shift
  CONTAINERS_STORAGE_CONF=$dir/storage.conf CONTAINERS_CONF=$dir/containers.conf XDG_CACHE_HOME=$dir/cache "$@"
}
bench_cleanup() { # the machines' stores, then the work folder
  for m in "${machines[@]}"; do
    [ -f "$work/$m/storage.conf" ] && on "$m" podman system reset --force >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
process() { # NAME FLAGS...: process of that machine's checkout; the log in $work/NAME/last.log
  local m=$1; shift
  (cd "$work/$m/checkout" && on "$m" mvn -B -ntp dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:process \
    -Docisi.skipAssemble "$@") >"$work/$m/last.log" 2>&1 || { cat "$work/$m/last.log" >&2; exit 1; }
}
summary() { sed -n 's/.*\(Summary: .*\)/\1/p' "$work/$1/last.log" | tail -1; }
expect() { # NAME TEXT: the last summary must hold the text
  summary "$1" | grep -qF "$2" || { echo "machine $1: expected '$2' in: $(summary "$1")" >&2; exit 1; }
}

