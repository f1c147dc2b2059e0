#!/usr/bin/env bash
# The whole test suite: unit tests, engine tests against real podman, podman's API service and dockerd, then real
# Maven runs of the goals (maven-invoker-plugin), the Maven versions, the docs' commands and CI files, the tests again
# as an unprivileged user with rootless podman, and the README's scripts as a workstation meets them. It changes the
# machine for that (scripts/machine.sh lists how), so it runs on a test machine only: CI=true, or OCISI_TEST_MACHINE=1
# (.ci/run sets it). Starts the engines it needs and stops the ones it started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/machine.sh
machine_require_test "The test command (bash scripts/test.sh)" || exit 2
bash scripts/setup-machine.sh test
# The distrobox test's base: Debian with everything distrobox's first start would otherwise install (see
# distrobox-init's dependency list), so that the box is ready in seconds and needs no network
export OCISI_BOX_ROOTFS=/var/tmp/ocisi-cache/debian-box.tar
bash scripts/debian-rootfs.sh "$OCISI_BOX_ROOTFS" bc bzip2 curl diffutils findutils gnupg hostname less lsof man-db \
  mount pigz pinentry-curses iputils-ping procps rsync openssh-client sudo time tree unzip wget xauth zip \
  util-linux bsdutils passwd
# the devcontainers CLI the dev container tests run, pinned (scripts/devcontainer-cli.sh)
source scripts/devcontainer-cli.sh
OCISI_DEVCONTAINER_CLI=$(devcontainer_cli_install /var/tmp/ocisi-cache/devcontainer-cli)
export OCISI_DEVCONTAINER_CLI
# containers/image's sigstore signing and verification, which Debian 12's podman lacks, for the signature tests
source scripts/sigstore-skopeo.sh
OCISI_SKOPEO=$(sigstore_skopeo_install /var/tmp/ocisi-cache/skopeo)
export OCISI_SKOPEO
# Debian's busybox-static for arm64: the root of the builds for another platform, which run under QEMU
source scripts/debs.sh
OCISI_BUSYBOX_ARM64=/var/tmp/ocisi-cache/busybox-arm64/bin/busybox
[ -x "$OCISI_BUSYBOX_ARM64" ] ||
  debs_unpack busybox-static bookworm /var/tmp/ocisi-cache/apt-arm64 /var/tmp/ocisi-cache/busybox-arm64 arm64
export OCISI_BUSYBOX_ARM64
source scripts/engines.sh
engines_start
# each step's time on stderr ("== step: N s"), and the whole suite's at the end: what CI's 90 minutes are spent on
suite_start=$(date +%s)
# the machine's busy CPU time (all cores, /proc/stat's ticks but idle and iowait): how full the cores were, which
# tells whether a step that runs beside another can still gain time or only share it
cpu_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
busy_start=$(cpu_busy)
timed() { # NAME COMMAND...: its time, and the machine's busy CPU meanwhile (whatever ran beside it included)
  local name=$1 start busy
  shift
  start=$(date +%s)
  busy=$(cpu_busy)
  "$@"
  echo "== $name: $(($(date +%s) - start)) s (the machine's CPU busy $((($(cpu_busy) - busy) / $(getconf CLK_TCK))) s)" >&2
}
background=()
kill_tree() { # PID: its descendants first (a rootless run's Maven sits under runuser), then itself
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
stop_background() {
  local pid
  for pid in "${background[@]}"; do kill_tree "$pid"; done
}
trap 'stop_background; engines_stop' EXIT
# -Pchecks: the formatter, javac -Xlint:all and Error Prone, as errors (pom.xml)
timed "build and tests" ./mvnw -B -ntp -Pchecks install
# steps that need nothing of the others, each in a store, a Maven repository, a copy of the checkout or a user of its
# own, run beside the next ones (their output follows when they end):
# - the prefix and the help goal in a user's project that declares nothing, on every supported Maven, each from an
#   empty local repository
# - the user's own setting: an unprivileged user with rootless podman runs the engine tests tagged "rootless" (podman
#   CLI builds, boxes) in a store of its own, and doctor as that user names missing subordinate ids with the fix
# - what users copy from the docs: every CI file validated against its CI's schema, every command line checked (in a
#   copy of the checkout, with a store of its own)
logs=$(mktemp -d /var/tmp/ocisi-test-logs.XXXXXX)
names=()
beside() { # NAME COMMAND...
  names+=("$1")
  timed "$@" >"$logs/$1.log" 2>&1 &
  background+=($!)
}
beside "Maven versions" bash scripts/maven-versions.sh
beside rootless bash scripts/rootless.sh
beside docs bash scripts/docs-check.sh
# what a release would publish: poms, sources and Javadoc as Maven Central requires them
timed "publishing check" bash scripts/check-publish.sh
reference_pages() {
  # the plugin's reference pages, generated from its descriptor: one page per goal, every parameter on it
  ./mvnw -B -ntp -q -pl ocisi-maven-plugin site
  local goal
  for goal in assemble boot clean devcontainer doctor help keygen list lock process push report status trust vm; do
    test -s "ocisi-maven-plugin/target/site/$goal-mojo.html" || { echo "no reference page for ocisi:$goal" >&2; return 1; }
  done
  # the examples project's site has ocisi's page, with the example's hierarchy drawn
  (cd examples && ../mvnw -B -ntp -q site)
  grep -q '<svg class="tree"' examples/target/site/ocisi.html \
    && [ "$(grep -o '<g class="node image ' examples/target/site/ocisi.html | wc -l)" = 8 ] \
    || { echo "examples/target/site/ocisi.html does not draw the example's 8 images" >&2; return 1; }
}
timed "sites" reference_pages
for i in "${!background[@]}"; do
  log=$logs/${names[$i]}.log
  if ! wait "${background[$i]}"; then
    cat "$log"
    echo "FAILED: ${names[$i]} (its output above)" >&2
    exit 1
  fi
  cat "$log"
done
background=()
rm -rf "$logs"
# the README's scripts as a workstation meets them: the demo as that user, the scripts' steps that touch the machine
# as root in a workstation's state; nothing changes but what they announce and list
engines_stop
trap - EXIT
timed "workstation check" bash scripts/workstation-check.sh
wall=$(($(date +%s) - suite_start))
busy=$((($(cpu_busy) - busy_start) / $(getconf CLK_TCK)))
echo "== the whole suite: $wall s, after the machine's set-up; the CPU busy $busy s of $(nproc) x $wall s" >&2
