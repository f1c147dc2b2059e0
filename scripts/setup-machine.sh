#!/usr/bin/env bash
# Installs what ocisi's build, tests and demo need on a Debian 12 machine, and nothing else.
# Idempotent: a second run installs nothing. Needs root (or sudo) only when something is missing.
set -euo pipefail

# graphviz renders the DOT files; podman, buildah, runc and docker.io are the engines; busybox-static gives the
# tests a tiny base image without any registry; debootstrap makes the demo's Debian base; qemu-system-x86,
# qemu-utils and e2fsprogs make and boot VM disks; docker-registry serves the registry tests on the loopback, and
# apache2-utils' htpasswd makes the login of the tests' registry that asks for one (distribution takes bcrypt only);
# openssl makes that registry's certificate authority (and the TLS dockerd's); dpkg-dev's dpkg-scanpackages indexes
# the refresh test's archive; openssh-server and openssh-client reach engines "on another machine" over ssh, and
# iproute2 gives the second dockerd a bridge of its own; unzip unpacks the Maven that ./mvnw pins; GNU time
# measures the benchmarks' peak memory; uidmap (newuidmap, subordinate ids for new users) and slirp4netns run the
# rootless tests as an unprivileged user with rootless podman, as ocisi's users run it; mmdebstrap makes debootstrap
# items without root; jq edits the capabilities of dockerd's containers on machines that cannot grant them all
# (scripts/engines.sh); chromium (headless) checks the HTML report in a real browser.
wanted=(graphviz curl podman buildah runc busybox-static docker.io debootstrap qemu-system-x86 qemu-utils e2fsprogs
  docker-registry apache2-utils openssl dpkg-dev openssh-server openssh-client iproute2 unzip time uidmap slirp4netns
  mmdebstrap jq chromium)
# Java and Maven may come from elsewhere (SDKMAN, a JDK under /usr/lib/jvm): a working command is enough.
command -v javac >/dev/null || wanted+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || wanted+=(maven)

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "ocisi needs these Debian packages: ${missing[*]} (run as root to install them)" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "Installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# distrobox: ocisi assembles boxes with `distrobox assemble`, new in 1.5; Debian 12 has 1.4. Debian trixie's 1.8
# package is pure shell: fetch it with apt against a sources list of its own and unpack it under /opt, leaving the
# system's sources and packages as they are; /usr/local/bin comes before /usr/bin on PATH.
if ! { command -v distrobox >/dev/null && distrobox version 2>/dev/null | grep -Eq ': (1\.([5-9]|[1-9][0-9])|[2-9])'; }; then
  state=/var/tmp/ocisi-trixie
  mkdir -p "$state/lists/partial" "$state/archives/partial"
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  echo "deb ${mirror:-http://deb.debian.org/debian} trixie main" >"$state/sources.list"
  apt_own=(-o Dir::Etc::SourceList="$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::State::Lists="$state/lists" -o Dir::Cache::Archives="$state/archives" -o Dir::State::Status=/dev/null)
  echo "Installing distrobox 1.8 from Debian trixie into /opt/ocisi-distrobox"
  apt-get "${apt_own[@]}" update -qq
  (cd "$state" && apt-get "${apt_own[@]}" download distrobox >/dev/null 2>&1)
  rm -rf /opt/ocisi-distrobox
  dpkg -x "$(ls -t "$state"/distrobox_*.deb | head -1)" /opt/ocisi-distrobox
  for tool in /opt/ocisi-distrobox/usr/bin/distrobox*; do
    ln -sf "$tool" /usr/local/bin/
  done
fi
