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

now() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
