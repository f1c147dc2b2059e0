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
source scripts/engines.sh
engines_start
trap engines_stop EXIT
# -Pchecks: the formatter, javac -Xlint:all and Error Prone, as errors (pom.xml)
./mvnw -B -ntp -Pchecks install
# the prefix and the help goal in a user's project that declares nothing, on every supported Maven, each from an
# empty local repository
bash scripts/maven-versions.sh
# what a release would publish: poms, sources and Javadoc as Maven Central requires them
bash scripts/check-publish.sh
# the plugin's reference pages, generated from its descriptor: one page per goal, every parameter on it
./mvnw -B -ntp -q -pl ocisi-maven-plugin site
for goal in assemble boot clean devcontainer doctor help list lock process push report status vm; do
  test -s "ocisi-maven-plugin/target/site/$goal-mojo.html" || { echo "no reference page for ocisi:$goal" >&2; exit 1; }
done
# the examples project's site has ocisi's page, with the example's hierarchy drawn
(cd examples && ../mvnw -B -ntp -q site)
grep -q '<svg class="tree"' examples/target/site/ocisi.html \
  && [ "$(grep -o '<g class="node image ' examples/target/site/ocisi.html | wc -l)" = 8 ] \
  || { echo "examples/target/site/ocisi.html does not draw the example's 8 images" >&2; exit 1; }
# what users copy from the docs: every CI file validated against its CI's schema, every command line checked
bash scripts/docs-check.sh
# the user's own setting: an unprivileged user with rootless podman runs the engine tests tagged "rootless" (podman CLI
# builds, boxes) in a store of its own, and doctor as that user names missing subordinate ids with the fix
bash scripts/rootless.sh
# the README's scripts as a workstation meets them: the demo as that user, the scripts' steps that touch the machine
# as root in a workstation's state; nothing changes but what they announce and list
engines_stop
trap - EXIT
bash scripts/workstation-check.sh
