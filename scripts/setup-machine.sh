#!/usr/bin/env bash
# Installs the Debian packages that ocisi's demo or its tests use, after saying which, and nothing else:
#   bash scripts/setup-machine.sh demo          what the demo uses (as root, or as the user who runs the demo)
#   bash scripts/setup-machine.sh test          what the tests use (a test machine only: see scripts/machine.sh)
#   bash scripts/setup-machine.sh --list PROFILE   says what it would install, installs nothing
# Never removes a package: when apt would remove one to install them, it says which and installs nothing. A machine
# with Docker's own packages (docker-ce, containerd.io, ...) keeps them: docker.io and runc, which would replace them,
# are left out. Idempotent: with everything there it installs nothing and needs no root.
# OCISI_DPKG_STATUS=FILE plans against another dpkg status file (the workstation check's stand-in machines);
# OCISI_INSTALLED_LOG=FILE gets the names of the packages it installed (the demo lists them at its end).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/machine.sh"

list_only=false
if [ "${1:-}" = --list ]; then list_only=true; shift; fi
profile=${1:-}
case "$profile" in
  demo) ;;
  test) $list_only || machine_require_test "scripts/setup-machine.sh test" ;;
  *) echo "usage: bash scripts/setup-machine.sh [--list] demo|test" >&2; exit 2 ;;
esac

status_file=${OCISI_DPKG_STATUS:-/var/lib/dpkg/status}
apt_status=(-o Dir::State::status="$status_file")
installed() { dpkg-query --admindir="$(dirname "$status_file")" -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# The demo: podman builds the example, debootstrap (as root) or mmdebstrap (a user) makes its Debian base, QEMU and
# e2fsprogs make and boot its VM disk, chromium shows its report, curl waits for the registry and fetches the
# devcontainers CLI (which node runs); a user's rootless podman
# needs uidmap (subordinate ids) and slirp4netns (its network). The registry itself and distrobox 1.8 are not
# installed: the demo unpacks them into its own folder (no service is enabled, nothing lands in /usr).
demo=(podman curl unzip qemu-system-x86 qemu-utils e2fsprogs chromium)
# node runs the devcontainers CLI (Debian 12's is 18: scripts/devcontainer-cli.sh takes the CLI release for it)
command -v node >/dev/null || demo+=(nodejs)
if [ "$(id -u)" = 0 ]; then demo+=(debootstrap); else demo+=(mmdebstrap uidmap slirp4netns); fi
# The tests, beyond that: buildah beside podman, docker.io and runc (dockerd, and the runtime podman uses where crun
# refuses the cgroup layout), busybox-static (tiny bases without a registry), docker-registry, apache2-utils' htpasswd
# and openssl (registries with a login and TLS), dpkg-dev (the refresh test's archive), openssh-server and -client
# (engines "on another machine"), iproute2 (a second dockerd's bridge), graphviz (the DOT files rendered), GNU time
# (the benchmarks' memory), jq (dockerd's bounded runtime; the bills of materials read in sbom-check.sh), and both debootstrap and mmdebstrap, uidmap and slirp4netns
# (root's and the unprivileged test user's builds), qemu-user-static (builds for other platforms under emulation).
test=("${demo[@]}" buildah runc docker.io busybox-static docker-registry apache2-utils openssl dpkg-dev
  openssh-server openssh-client iproute2 graphviz time jq debootstrap mmdebstrap uidmap slirp4netns qemu-user-static)
# Java and Maven may come from elsewhere (SDKMAN, a JDK under /usr/lib/jvm): a working command is enough.
java=()
command -v javac >/dev/null || java+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || [ -x "$here/../mvnw" ] || java+=(maven)

if [ "$profile" = demo ]; then wanted=("${demo[@]}" "${java[@]}"); else wanted=("${test[@]}" "${java[@]}"); fi

docker_own=()
for p in docker-ce docker-ce-cli containerd.io moby-engine docker-engine; do
  installed "$p" && docker_own+=("$p")
done
if ((${#docker_own[@]})); then
  echo "Docker's own packages are installed (${docker_own[*]}): that Docker is used; docker.io and runc, which would" \
    "replace them, are not installed"
  kept=()
  for p in "${wanted[@]}"; do
    case "$p" in docker.io | runc) ;; *) kept+=("$p") ;; esac
  done
  wanted=("${kept[@]}")
fi

missing=()
declare -A seen=()
for p in "${wanted[@]}"; do
  [ -n "${seen[$p]:-}" ] && continue
  seen[$p]=1
  installed "$p" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=()
  if [ "$(id -u)" != 0 ] && ! $list_only; then
    command -v sudo >/dev/null || {
      echo "The $profile needs these Debian packages: ${missing[*]}." >&2
      echo "Install them as root (apt-get install --no-install-recommends ${missing[*]}), then run it again." >&2
      exit 1
    }
    sudo=(sudo)
  fi
  # the archive's current lists, so that the plan below is what apt will do (needs root, as the install does)
  if ! $list_only || [ "$(id -u)" = 0 ]; then
    "${sudo[@]}" apt-get update -qq
  fi
  plan=$(apt-get -s "${apt_status[@]}" install --no-install-recommends "${missing[@]}" 2>&1) || {
    echo "apt cannot install ${missing[*]}:" >&2
    grep -E '^E:|unmet|Depends' <<<"$plan" >&2 || tail -5 <<<"$plan" >&2
    exit 1
  }
  removed=$(awk '/^Remv / {print $2}' <<<"$plan" | tr '\n' ' ')
  added=$(awk '/^Inst / {print $2}' <<<"$plan" | tr '\n' ' ')
  count=$(wc -w <<<"$added")
  echo "The $profile needs ${missing[*]}; with their dependencies apt would install $count package$([ "$count" = 1 ] || echo s):"
  echo "  $added" | fold -s -w 116 | sed '2,$s/^/  /'
  if [ -n "$removed" ]; then
    echo "apt would remove ${removed% } to install them: nothing was installed. Remove the conflict yourself (or" \
      "install these packages another way), then run it again." >&2
    exit 1
  fi
  if $list_only; then exit 0; fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "Installed: ${missing[*]} (apt-get remove ${missing[*]} removes them)"
  # the demo lists them among what it left
  [ -z "${OCISI_INSTALLED_LOG:-}" ] || printf '%s\n' "${missing[@]}" >>"$OCISI_INSTALLED_LOG"
elif $list_only; then
  echo "The $profile's packages are all installed here"
fi

# The test machine's tools from the npm registry, pinned, in a folder of their own: action-validator checks GitHub
# Actions workflows against their schema, gitlab-ci-local's validation (the last release that runs on node 20) GitLab
# CI files against GitLab's own ci.json (scripts/docs-check.sh). No install scripts: gitlab-ci-local's native re2
# module, which the validation does not use, would be compiled for minutes on a fresh machine.
if [ "$profile" = test ] && ! $list_only; then
  node_tools=/var/tmp/ocisi-cache/node-tools
  pinned=("@action-validator/cli@0.6.0" "gitlab-ci-local@4.60.0")
  if [ "$(cat "$node_tools/pinned" 2>/dev/null)" != "${pinned[*]} --ignore-scripts" ]; then
    command -v npm >/dev/null || { echo "npm is needed for the docs' checks (apt-get install npm, or node 20)" >&2; exit 1; }
    echo "Installing ${pinned[*]} from the npm registry into $node_tools"
    rm -rf "$node_tools"
    mkdir -p "$node_tools"
    npm install --prefix "$node_tools" --no-audit --no-fund --silent --ignore-scripts "${pinned[@]}" >/dev/null
    echo "${pinned[*]} --ignore-scripts" >"$node_tools/pinned"
  fi
fi

# distrobox: ocisi assembles boxes with `distrobox assemble`, new in 1.5; Debian 12 has 1.4. The test machine gets
# Debian trixie's 1.8 (pure shell) unpacked under /opt and linked from /usr/local/bin; the demo unpacks it into its
# own folder instead (scripts/demo.sh), leaving /opt and /usr/local as they are.
if [ "$profile" = test ] && ! $list_only; then
  source "$here/debs.sh"
  if ! distrobox_usable; then
    echo "Installing distrobox 1.8 from Debian trixie into /opt/ocisi-distrobox (a test machine)"
    debs_unpack distrobox trixie /var/tmp/ocisi-trixie /opt/ocisi-distrobox
    for tool in /opt/ocisi-distrobox/usr/bin/distrobox*; do
      ln -sf "$tool" /usr/local/bin/
    done
  fi
fi
