#!/usr/bin/env bash
# The demo: builds the plugin, then the bundled example hierarchy (ocisictl.yaml) with podman and assembles its
# distroboxes, lists it with its layers and what sharing them saves, runs a command in the python box, and makes the
# debian-vm image a disk and boots it in QEMU up to its login prompt (a smoke test).
# Installs what is missing (Debian packages) and starts the engines; the Debian base itself is an item of the
# example, made by debootstrap (no registry).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-machine.sh
source scripts/engines.sh
engines_start
mvn -B -ntp -q install -DskipTests
mvn -B -ntp ocisi:process
mvn -B -ntp ocisi:list -Dall -Dgraph -Dlayers
# the box's first start installs what distrobox needs into it (about 40 s), later ones take a fraction of a second
echo "distrobox enter python-box -- python --version"
DBX_CONTAINER_MANAGER=podman distrobox enter python-box -- python --version
# the disk is made once per image; the boot takes about 25 s with software emulation (docs/vm.md)
mvn -B -ntp ocisi:vm
mvn -B -ntp ocisi:boot -Docisi.image=debian-vm -Docisi.vm.smoke
