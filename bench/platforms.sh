#!/usr/bin/env bash
# The bundled example for two platforms, amd64 (this machine's) and arm64 (under QEMU), against building it by hand
# in the same script: a shell user's loop that debootstraps each platform's Debian, imports it, and runs
# `podman build --platform` over the example's Containerfiles for each platform, one after another, in a podman store
# of its own (bench/lib.sh's machines: neither side sees the other's images or cache). Prints:
#   (a) the cold build: ocisi (whole mvn, both platforms) against the loop, and the loop's time per platform, whose
#       ratio is the cost of emulation here;
#   (b) the no-op: ocisi (whole mvn) against the loop with a warm cache.
# Needs an amd64 machine with qemu-user-static's binfmt_misc handlers (mvn ocisi:doctor checks them), root for
# debootstrap (a user gets mmdebstrap). Usage: bash bench/platforms.sh   (from a clone, after `mvn install`)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/engines.sh
engines_start >/dev/null
source scripts/debs.sh

[ "$(dpkg --print-architecture)" = amd64 ] || { echo "bench/platforms.sh: an amd64 machine's benchmark" >&2; exit 2; }
work=$(mktemp -d /var/tmp/ocisi-bench-platforms.XXXXXX)
source bench/lib.sh
machines=(ocisi shell)
trap bench_cleanup EXIT
machine ocisi
machine shell
mirror=$(debs_mirror)
user=$(id -un) uid=$(id -u) gid=$(id -g)

# ocisi's checkout: the example, with both platforms in its defaults
mkdir -p "$work/ocisi/checkout"
cp -r examples "$work/ocisi/checkout/"
sed '0,/^  enabled: true$/s//  enabled: true\n  platforms: [linux\/amd64, linux\/arm64]/' ocisictl.yaml \
  >"$work/ocisi/checkout/ocisictl.yaml"
grep -q 'platforms: \[linux/amd64, linux/arm64\]' "$work/ocisi/checkout/ocisictl.yaml"

ctx=$work/shell/context
cp -r examples/debian "$ctx"
# NAME TAG CONTAINERFILE, parents first: the example's images but the VM's disk (the image itself is built)
images=(
  "debian-dev-base latest Containerfile.debian-dev-base"
  "debian-dev-base-dx latest Containerfile.img-dx"
  "debian-python latest Containerfile.debian-python"
  "debian-python-dx latest Containerfile.img-dx"
  "debian-go 1.19 Containerfile.debian-go"
  "debian-go-dx 1.19 Containerfile.img-dx"
  "debian-vm latest Containerfile.debian-vm"
)
root() { # ARCH SUFFIX: Debian bookworm (minbase) of that architecture, imported as localhost/debian:bookworm SUFFIX
  local arch=$1 suffix=$2
  if [ "$(id -u)" = 0 ]; then
    rm -rf "$work/shell/root-$arch"
    debootstrap --arch="$arch" --variant=minbase bookworm "$work/shell/root-$arch" "$mirror" >/dev/null
    tar -C "$work/shell/root-$arch" -cf "$work/shell/root-$arch.tar" .
  else
    mmdebstrap --mode=unshare --quiet --arch="$arch" --variant=minbase bookworm "$work/shell/root-$arch.tar" "$mirror"
  fi
  on shell podman import -q --arch "$arch" --change 'CMD ["/bin/bash"]' "$work/shell/root-$arch.tar" \
    "localhost/debian:bookworm$suffix" >/dev/null
}
builds() { # PLATFORM SUFFIX [--no-cache]: the example's images for one platform, parents first
  local platform=$1 suffix=$2 entry name tag file
  for entry in "${images[@]}"; do
    read -r name tag file <<<"$entry"
    # the other platform's parents have names of their own: the FROM lines name them
    sed -E "s#^FROM (localhost/debian:bookworm|debian-dev-base:latest)\$#FROM \1$suffix#" "$ctx/$file" \
      >"$ctx/$file.shell$suffix"
    local dx=()
    case $file in *img-dx) dx=(--build-arg IMG="${name%-dx}" --build-arg TAG="$tag$suffix" --build-arg USER="$user"
      --build-arg UID="$uid" --build-arg GID="$gid") ;; esac
    on shell podman build -q ${3:-} --pull=never --platform "$platform" "${dx[@]}" -f "$ctx/$file.shell$suffix" \
      -t "localhost/$name:$tag$suffix" "$ctx" >/dev/null
  done
}
timed() { local t0 t1; t0=$(now); "$@"; t1=$(now); echo $((t1 - t0)); }

echo "Cold: ocisi builds the example for amd64 and arm64; then the loop, platform by platform"
t0=$(now); process ocisi -Docisi.skipVm; t1=$(now); ocisi_cold=$((t1 - t0))
expect ocisi "Summary: 16 built, 0 up to date, 0 failed"
amd_root=$(timed root amd64 "")
amd_builds=$(timed builds linux/amd64 "")
arm_root=$(timed root arm64 "-arm64")
arm_builds=$(timed builds linux/arm64 "-arm64")
on shell podman run --rm --net=none localhost/debian-go:1.19-arm64 uname -m | grep -qx aarch64
shell_cold=$((amd_root + amd_builds + arm_root + arm_builds))
amd=$((amd_root + amd_builds)) arm=$((arm_root + arm_builds))
echo "(a) cold: the loop $(secs $shell_cold) s (amd64 $(secs $amd) s: debootstrap $(secs $amd_root) s, builds" \
  "$(secs $amd_builds) s; arm64 $(secs $arm) s: debootstrap $(secs $arm_root) s, builds $(secs $arm_builds) s);" \
  "ocisi (whole mvn) $(secs $ocisi_cold) s: $(ratio $shell_cold $ocisi_cold)x faster"
echo "    emulation: arm64 took $(ratio $arm $amd)x amd64's time (debootstrap $(ratio $arm_root $amd_root)x," \
  "builds $(ratio $arm_builds $amd_builds)x)"

warm_loop() { builds linux/amd64 ""; builds linux/arm64 "-arm64"; }
shell_noop=$(printf '%s\n' "$(timed warm_loop)" "$(timed warm_loop)" "$(timed warm_loop)" | sort -n | sed -n 2p)
runs=()
for _ in 1 2 3; do
  t0=$(now); process ocisi -Docisi.skipVm; t1=$(now); runs+=($((t1 - t0)))
  expect ocisi "Summary: 0 built, 16 up to date"
done
ocisi_noop=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
echo "(b) no-op, medians of 3: the loop (warm cache) $(secs $shell_noop) s; ocisi (whole mvn) $(secs $ocisi_noop) s:" \
  "$(ratio $shell_noop $ocisi_noop)x faster"
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(podman --version)," \
  "$(qemu-aarch64-static --version | head -1), $(java -version 2>&1 | head -1)"
