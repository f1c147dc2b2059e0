#!/usr/bin/env bash
# Puts Debian bookworm into podman's image store as docker.io/library/debian:bookworm without any registry: a minimal
# debootstrap from the Debian mirror apt uses, imported. Does nothing when the image is already there.
set -euo pipefail
ref=docker.io/library/debian:bookworm
if podman image exists "$ref"; then
  exit 0
fi
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
root=$(mktemp -d /var/tmp/ocisi-debootstrap.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "Making $ref with debootstrap from $mirror (about a minute)"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
tar -C "$root" -c . | podman import --quiet --change 'CMD ["/bin/bash"]' - "$ref" >/dev/null
rm -f "$root.log"
echo "Imported $ref"
