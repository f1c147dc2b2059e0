#!/usr/bin/env bash
# The demo: build the plugin, then show the bundled example hierarchy (ocisictl.yaml) as a table and a tree.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-machine.sh
mvn -B -ntp -q install -DskipTests
mvn -B -ntp ocisi:list -Dall -Dgraph
