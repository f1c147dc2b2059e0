#!/usr/bin/env bash
# A SIMULATION (bench/ShardSimulation.java), not a measurement: a cold build of a 200-image toolchain hierarchy on 1 to
# 8 runners, with ocisi's own plan and shard assignment, and build times taken from the bundled example's recorded
# builds (this machine's history, through `ocisi:list -Dplan -Docisi.format=json`; the figures measured here when
# there is none). The shape: a Debian base (debootstrap), a dev base on it, 39 language images (as debian-python,
# debian-go and debian-vm take), each with 3 version variants (as the dev base takes) and a user leaf (as a -dx takes),
# and 3 more user leaves on the dev base.
# Usage: bash bench/simulate-shards.sh [SLOTS] [TRANSFER_SECONDS]   (from a clone, after `mvn install`)
set -euo pipefail
cd "$(dirname "$0")/.."
slots=${1:-2}
transfer=${2:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -q -o ocisi:list -Dplan -Docisi.shards=1 -Docisi.format=json >/dev/null 2>&1 || true
recorded() { # NAME FALLBACK: the example image's recorded seconds, else the fallback
  local v
  v=$(sed -n "s/^ *\"$1\" : \([0-9.]*\).*/\1/p" target/ocisi/plan.json 2>/dev/null | head -1)
  echo "${v:-$2}"
}
debian=$(recorded 'debian:bookworm' 24.7)
dev=$(recorded 'debian-dev-base:latest' 8.8)
langs=("$(recorded 'debian-python:latest' 18.5)" "$(recorded 'debian-go:1.19' 29.6)" "$(recorded 'debian-vm:latest' 51.3)")
dx=$(recorded 'debian-python-dx:latest' 1.7)

mkdir -p "$work/img"
{
  echo "defaults: {path: img, enabled: true}"
  echo "images:"
} >"$work/ocisictl.yaml"
item() { # NAME PARENT SECONDS
  echo "  - name: $1" >>"$work/ocisictl.yaml"
  printf 'FROM %s\n' "${2:-scratch}" >"$work/img/Containerfile.$1"
  echo "$1 $3" >>"$work/durations"
}
item base "" "$debian"
item dev localhost/base "$dev"
for i in $(seq 1 39); do
  item "lang$i" localhost/dev "${langs[$((i % 3))]}"
  for v in 1 2 3; do item "lang$i-v$v" "localhost/lang$i" "$dev"; done
  item "lang$i-user" "localhost/lang$i" "$dx"
done
for i in 1 2 3; do item "dev-user$i" localhost/dev "$dx"; done

cp=$(mvn -q -o -pl ocisi-core dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
echo "A SIMULATION from ocisi's plan and assignment (bench/ShardSimulation.java), with build times from the example's"
echo "recorded builds (debian $debian s, dev base $dev s, languages ${langs[*]} s, -dx $dx s):"
java -cp "ocisi-core/target/classes:$cp" bench/ShardSimulation.java "$work" "$work/durations" "$slots" "$transfer"
