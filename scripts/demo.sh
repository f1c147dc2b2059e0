#!/usr/bin/env bash
# The demo: builds the plugin, then the bundled example hierarchy (ocisictl.yaml) with podman, then lists it with
# its layers and what sharing them saves.
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
