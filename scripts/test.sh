#!/usr/bin/env bash
# The whole test suite: unit tests, engine tests against real podman, podman's API service and dockerd, then real
# Maven runs of the goals (maven-invoker-plugin). Starts the engines it needs and stops the ones it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-machine.sh
source scripts/engines.sh
engines_start
trap engines_stop EXIT
mvn -B -ntp install
