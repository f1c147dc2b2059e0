#!/usr/bin/env bash
# The whole test suite: unit tests, engine tests against real podman, podman's API service and dockerd, then real
# Maven runs of the goals (maven-invoker-plugin). Starts the engines it needs and stops the ones it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-machine.sh
# The distrobox test's base: Debian with everything distrobox's first start would otherwise install (see
# distrobox-init's dependency list), so that the box is ready in seconds and needs no network
export OCISI_BOX_ROOTFS=/var/tmp/ocisi-cache/debian-box.tar
bash scripts/debian-rootfs.sh "$OCISI_BOX_ROOTFS" bc bzip2 curl diffutils findutils gnupg hostname less lsof man-db \
  mount pigz pinentry-curses iputils-ping procps rsync openssh-client sudo time tree unzip wget xauth zip \
  util-linux bsdutils passwd
source scripts/engines.sh
engines_start
trap engines_stop EXIT
./mvnw -B -ntp install
# the prefix and the help goal in a user's project that declares nothing, on every supported Maven
bash scripts/maven-versions.sh
# what a release would publish: poms, sources and Javadoc as Maven Central requires them
bash scripts/check-publish.sh
