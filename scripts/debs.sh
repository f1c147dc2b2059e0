# Debian packages unpacked into a folder instead of installed, sourced by the other scripts: apt fetches them against
# a sources list, lists and cache of their own (the machine's sources, lists and package set stay as they are; no
# root needed), and dpkg -x unpacks them, so that no maintainer script runs and no service is enabled.

debs_mirror() {
  local mirror
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${mirror:-http://deb.debian.org/debian}"
}

debs_unpack() { # PACKAGE SUITE STATE DEST [ARCH]: unpacks the suite's PACKAGE (of Debian architecture ARCH, default
  # this machine's) into DEST (replacing it), using STATE for apt
  local package=$1 suite=$2 state=$3 dest=$4 arch=${5:-}
  mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/cache"
  echo "deb $(debs_mirror) $suite main" >"$state/sources.list"
  local apt_own=(-o Dir::Etc::SourceList="$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache" -o Dir::Cache::Archives="$state/archives"
    -o Dir::State::Status=/dev/null -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)")
  [ -z "$arch" ] || apt_own+=(-o APT::Architecture="$arch" -o APT::Architectures::="$arch")
  apt-get "${apt_own[@]}" update -qq
  rm -f "$state/${package}"_*.deb
  (cd "$state" && apt-get "${apt_own[@]}" download "$package" >/dev/null 2>&1) || {
    echo "apt could not fetch $package from Debian $suite" >&2
    return 1
  }
  rm -rf "$dest"
  dpkg -x "$(ls -t "$state/${package}"_*.deb | head -1)" "$dest"
}

distrobox_usable() { # a distrobox on PATH that can assemble (1.5 or newer)
  command -v distrobox >/dev/null && distrobox version 2>/dev/null | grep -Eq ': (1\.([5-9]|[1-9][0-9])|[2-9])'
}
