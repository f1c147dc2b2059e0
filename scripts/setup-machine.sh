#!/usr/bin/env bash
# Installs what ocisi's build, tests and demo need on a Debian 12 machine, and nothing else.
# Idempotent: a second run installs nothing. Needs root (or sudo) only when something is missing.
set -euo pipefail

# graphviz renders the DOT files; podman, buildah, runc and docker.io are the engines; busybox-static gives the
# tests a tiny base image without any registry; debootstrap makes the demo's Debian base.
wanted=(graphviz curl podman buildah runc busybox-static docker.io debootstrap)
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
