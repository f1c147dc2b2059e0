#!/usr/bin/env bash
# A dev container of a -dx leaf with the devcontainers CLI on rootless podman, against the same CLI on the same leaf
# without ocisi's devcontainer.metadata label (what a hand-written devcontainer.json naming the image gets): whole
# `devcontainer up` processes to a shell (up, then `exec true`), the first time (no container yet; without the label the
# CLI builds its -uid image then) and again (the container is there), medians of 3, and the bytes each added to the
# store. Both leaves are built by ocisi in this run, from the same parent, in the user's own store.
#   bash bench/devcontainer.sh     as a user with rootless podman (the CLI updates no UID for root): on a test machine,
#                                  bash scripts/rootless.sh --shell, then bash bench/devcontainer.sh in that shell
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
if [ "$(id -u)" = 0 ]; then
  echo "bench/devcontainer.sh measures what a user meets: run it as a user with rootless podman (as root the CLI" \
    "builds no -uid image)" >&2
  exit 2
fi
source scripts/devcontainer-cli.sh
cli=$(devcontainer_cli_install "${XDG_CACHE_HOME:-$HOME/.cache}/ocisi-bench/devcontainer-cli")
rootfs=${OCISI_BOX_ROOTFS:-${XDG_CACHE_HOME:-$HOME/.cache}/ocisi-bench/debian.tar}
[ -s "$rootfs" ] || bash scripts/debian-rootfs.sh "$rootfs"
work=$(mktemp -d)
id=bench$$
cleanup() {
  podman ps --all --filter "label=devcontainer.local_folder" --format '{{.ID}} {{.Labels}}' 2>/dev/null |
    grep "$work" | cut -d' ' -f1 | xargs -r podman rm --force >/dev/null 2>&1 || true
  podman images --filter "label=dev.ocisi.test=$id" --quiet | sort -u | xargs -r podman rmi --force >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# the leaves: one with ocisi's label, one without, on one parent
sha=$(sha256sum "$rootfs" | cut -d' ' -f1)
mkdir -p "$work/hierarchy/img"
cp examples/debian/Containerfile.img-dx "$work/hierarchy/img/"
printf 'FROM localhost/%s-debian:1\nRUN echo tool > /etc/tool\n' "$id" >"$work/hierarchy/img/Containerfile.$id-tool"
cat >"$work/hierarchy/ocisictl.yaml" <<YAML
defaults: {path: img, enabled: true, manager: podman, labels: {dev.ocisi.test: $id}}
images:
  - name: $id-debian
    tag: "1"
    rootfs: {tarball: $rootfs, sha256: $sha, cmd: [/bin/bash]}
  - name: $id-tool
  - name: $id-labelled-dx
    assemble: false
    args: {IMG: $id-tool}
  - name: $id-plain-dx
    assemble: false
    args: {IMG: $id-tool}
    devcontainer: false
YAML
(cd "$work/hierarchy" && XDG_CACHE_HOME=$work/state "$repo/mvnw" -B -ntp -q -o \
  dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:process) >"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }

project() { # NAME IMAGE [EXTRA JSON]: a project whose devcontainer.json names the image
  mkdir -p "$work/$1/.devcontainer"
  printf '{"image": "localhost/%s:latest"%s}\n' "$2" "${3:-}" >"$work/$1/.devcontainer/devcontainer.json"
}
project labelled "$id-labelled-dx"
# without the label, a project says who the user is itself (the image's USER is a number)
project plain "$id-plain-dx" ", \"remoteUser\": \"$(id -un)\", \"containerEnv\": {\"HOME\": \"$HOME\"}, \"mounts\": [\"type=bind,source=$HOME,target=$HOME\"]"

nanos() { date +%s%N; }
# the image store's bytes on disk, as the user's namespace sees them (its files belong to subordinate ids too),
# not crossing into a running container's merged view
graphroot=$(podman info --format '{{.Store.GraphRoot}}')
store_bytes() { podman unshare du -sbx "$graphroot" 2>/dev/null | cut -f1; }
up_to_shell() { # PROJECT: whole processes, up then a shell's `true`
  "$cli" up --workspace-folder "$work/$1" --docker-path podman >/dev/null 2>&1
  "$cli" exec --workspace-folder "$work/$1" --docker-path podman true >/dev/null 2>&1
}
reset() { # PROJECT: no container of it, and none of the images the CLI built for it
  podman ps --all --filter "label=devcontainer.local_folder=$work/$1" --quiet | xargs -r podman rm --force >/dev/null
  podman images --format '{{.Repository}}' | grep -E "^(localhost/)?vsc-$1-" | xargs -r podman rmi --force >/dev/null 2>&1 || true
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

declare -A first again added
for side in labelled plain; do
  f=() a=() b=()
  for _ in 1 2 3; do
    reset "$side"
    before=$(podman images --all --quiet | sort -u | wc -l)
    bytes=$(store_bytes)
    t0=$(nanos); up_to_shell "$side"; t1=$(nanos)
    up_to_shell "$side"; t2=$(nanos)
    after=$(podman images --all --quiet | sort -u | wc -l)
    bytes_after=$(store_bytes)
    f+=($(((t1 - t0) / 1000000))) a+=($(((t2 - t1) / 1000000))) b+=("$((after - before)) $((bytes_after - bytes))")
  done
  first[$side]=$(printf '%s\n' "${f[@]}" | median)
  again[$side]=$(printf '%s\n' "${a[@]}" | median)
  added[$side]=${b[2]}
  reset "$side"
done
echo "devcontainer up to a shell on a -dx leaf, rootless podman, $(node --version) and $("$cli" --version), medians of 3:"
printf '  %-34s %10s %10s %18s\n' "" "first" "again" "added to the store"
printf '  %-34s %8s ms %8s ms %8s images, %s B\n' "with ocisi's label" "${first[labelled]}" "${again[labelled]}" \
  ${added[labelled]}
printf '  %-34s %8s ms %8s ms %8s images, %s B\n' "without (a hand-written file)" "${first[plain]}" "${again[plain]}" \
  ${added[plain]}
awk -v a="${first[labelled]}" -v b="${first[plain]}" -v c="${again[labelled]}" -v d="${again[plain]}" \
  'BEGIN { printf "  ratio with/without: first %.2fx, again %.2fx\n", a / b, c / d }'
