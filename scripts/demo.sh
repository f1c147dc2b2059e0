#!/usr/bin/env bash
# The demo: builds the plugin, then the bundled example hierarchy (ocisictl.yaml) with podman and assembles its
# distroboxes, checks the HTML report it wrote in a browser, lists it with its layers and what sharing them saves, runs
# a command in the python box, publishes the images to the loopback registry and has a second machine (another podman
# store, another ocisi state, another checkout path) pull them instead of building, with the update size, refreshes the
# base images against Debian's archive (the same packages keep the old images), and runs a command in a VM of the
# debian-vm image (QEMU), whose disk process made and smoke-tested.
# Installs what is missing (Debian packages) and starts the engines; the Debian base itself is an item of the
# example, made by debootstrap (no registry).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bash scripts/setup-machine.sh
source scripts/engines.sh
engines_start
./mvnw -B -ntp -q install -DskipTests
./mvnw -B -ntp ocisi:process
# the page process wrote, in a real browser with no network: what it shows, and that it loads nothing
bash scripts/report-check.sh target/ocisi/report.html
./mvnw -B -ntp ocisi:list -Dall -Dgraph -Dlayers
# the box's first start installs what distrobox needs into it (about 40 s), later ones take a fraction of a second;
# the box's python by its path (its init hook's link to Debian's python3): the box shares your home, and a plain
# "python" would find a shim of a Python manager of yours there first (pyenv's on these machines)
echo "distrobox enter python-box -- /usr/local/bin/python --version"
DBX_CONTAINER_MANAGER=podman distrobox enter python-box -- /usr/local/bin/python --version
# publish to the tests' registry on the loopback (images already there upload nothing), then a second machine with an
# empty store pulls the hierarchy: same inputs, same ids, nothing built (docs/registry.md)
registry=${OCISI_TEST_REGISTRY:-localhost:5555}/ocisi-demo
./mvnw -B -ntp ocisi:push -Docisi.registry="$registry"
second=/var/tmp/ocisi-demo-second-machine
[ -f "$second/storage.conf" ] && CONTAINERS_STORAGE_CONF=$second/storage.conf CONTAINERS_CONF=$second/containers.conf \
  podman system reset --force >/dev/null 2>&1 || true
rm -rf "$second"; mkdir -p "$second/checkout" "$second/cache"
printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/graph"\nrunroot = "%s/run"\n' "$second" "$second" >"$second/storage.conf"
sed "s#^\[engine\]#[engine]\ntmp_dir = \"$second/libpod-tmp\"#" "$CONTAINERS_CONF" >"$second/containers.conf"
cp -r ocisictl.yaml examples "$second/checkout/"
echo "A second machine ($second) pulls the hierarchy from $registry:"
(cd "$second/checkout" && CONTAINERS_STORAGE_CONF=$second/storage.conf CONTAINERS_CONF=$second/containers.conf \
  XDG_CACHE_HOME=$second/cache "$repo/mvnw" -B -ntp dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT:process \
  -Docisi.registry="$registry" -Docisi.skipAssemble -Docisi.skipVm) | grep -E 'Pulled |Summary|pulled from'
CONTAINERS_STORAGE_CONF=$second/storage.conf CONTAINERS_CONF=$second/containers.conf podman system reset --force \
  >/dev/null 2>&1 || true
rm -rf "$second"
# a nightly refresh of the base and the box's image: built again without the cache for their own steps, against the
# archive as it is now; the same packages installed keep the old images, and nothing under them moves (docs/ci.md)
./mvnw -B -ntp ocisi:process -Docisi.refresh=1m -Docisi.only=debian-dev-base-dx -Docisi.skipAssemble -Docisi.skipVm \
  | grep -E 'refreshed:|Refresh:'
# process made the disk (once per image) and booted it with its smoke command; a command of your own, with ocisi's fast
# init instead of systemd: about 6 s to its output with software emulation (docs/vm.md)
./mvnw -B -ntp ocisi:boot -Docisi.image=debian-vm -Docisi.vm.init=fast \
  -Docisi.vm.run='echo "$(uname -sr) on $(. /etc/os-release && echo "$PRETTY_NAME"), $(nproc) CPUs"; df -h / | tail -1'
