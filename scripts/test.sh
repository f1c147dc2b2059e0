#!/usr/bin/env bash
# The whole test suite: unit tests, then real Maven runs of the goals (maven-invoker-plugin).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-machine.sh
mvn -B -ntp install
