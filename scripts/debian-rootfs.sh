#!/usr/bin/env bash
# Makes a Debian bookworm root filesystem tarball with debootstrap from the mirror apt uses (no registry), cached:
#   scripts/debian-rootfs.sh OUT.tar [PACKAGE...]
# Does nothing when OUT.tar exists (unless its root folder is closed to others: made again). The extra packages are
# installed into it (--include).
set -euo pipefail
out=$1
shift
# its / must be 0755: a root others cannot traverse locks every user but root out of the image (earlier versions of
# this script packed a mktemp -d folder, 0700)
if [ -s "$out" ] && tar --list --verbose --file "$out" 2>/dev/null | head -1 | grep -q '^drwxr-xr-x '; then
  exit 0
fi
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
mkdir -p "$(dirname "$out")"
root=$(mktemp -d /var/tmp/ocisi-debootstrap.XXXXXX)
trap 'rm -rf "$root" "$root.log"' EXIT
include=()
if (($#)); then
  include=(--include="$(IFS=,; echo "$*")")
fi
echo "Making $out with debootstrap from $mirror (a minute or two)"
debootstrap --variant=minbase "${include[@]}" bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
chmod 0755 "$root"
tar -C "$root" -cf "$out.tmp" .
mv "$out.tmp" "$out"
echo "Wrote $out"
