#!/usr/bin/env bash
# The demo: builds the plugin, then the bundled example hierarchy (ocisictl.yaml) with podman and assembles its
# distroboxes, lists it with its layers and what sharing them saves, and runs a command in the python box.
# Installs what is missing (Debian packages), starts the engines, and makes the Debian base without a registry.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-machine.sh
source scripts/engines.sh
engines_start
bash scripts/debian-base.sh
mvn -B -ntp -q install -DskipTests
mvn -B -ntp ocisi:process
mvn -B -ntp ocisi:list -Dall -Dgraph -Dlayers
# the box's first start installs what distrobox needs into it (about 40 s), later ones take a fraction of a second
echo "distrobox enter python-box -- python --version"
DBX_CONTAINER_MANAGER=podman distrobox enter python-box -- python --version
