#!/usr/bin/env bash
# The demo: builds the plugin, then the bundled example hierarchy (ocisictl.yaml) with podman and assembles its
# distroboxes, checks the HTML report it wrote in a browser, lists it with its layers and what sharing them saves, runs
# a command in the python box, publishes the images to a registry on the loopback and has a second machine (another
# podman store, another ocisi state, another checkout path) pull them instead of building, with the update size,
# refreshes the base images against Debian's archive (the same packages keep the old images), and runs a command in a
# VM of the debian-vm image (QEMU), whose disk process made and smoke-tested.
#
#   bash scripts/demo.sh            as root, or as yourself with rootless podman (root only installs missing packages)
#   bash scripts/demo.sh --left     lists what the demo left on this machine (it does so at its end, too)
#   bash scripts/demo.sh --remove   removes it
#
# It says what it will change before changing anything, installs only the Debian packages it uses, writes nothing
# under /etc, starts no service and makes no user; the registry it runs is stopped when it ends, also on Ctrl-C or a
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
source scripts/machine.sh
source scripts/debs.sh
source scripts/devcontainer-cli.sh

state=$(machine_state_folder)
ocisi_state=${XDG_CACHE_HOME:-$HOME/.cache}/ocisi
plugin_repo=$HOME/.m2/repository/dev/ocisi
second=$state/second-machine
# the project the demo's dev container is of
project=$state/project
# distrobox keeps a folder of its own there once it has made a box
distrobox_cache=${XDG_CACHE_HOME:-$HOME/.cache}/distrobox
mvn=(./mvnw -B -ntp)
plugin=dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT
if [ "$(id -u)" = 0 ]; then who="root, with root's podman"; else who="$(id -un), with your rootless podman"; fi
tilde() { sed "s#^$HOME/#~/#; s#^$HOME\$#~#" <<<"$1"; }

# What the demo made that was not there before it first ran, one path a line: --remove removes only those.
created() { [ -e "$1" ] || { mkdir -p "$state"; echo "$1" >>"$state/created"; }; }
made_here() { [ -f "$state/created" ] && grep -qxF "$1" "$state/created"; }

# the example's boxes that exist, as process wrote them for distrobox
boxes() {
  local box
  [ -f target/ocisi/distrobox.ini ] || return 0
  for box in $(sed -n 's/^\[\(.*\)\]$/\1/p' target/ocisi/distrobox.ini); do
    podman container exists "$box" 2>/dev/null && echo "$box"
  done
  return 0
}

# the example's images in podman's store: ocisi's labels for this hierarchy file and one of its names
example_images() {
  local names
  names=$(sed -n 's/^  - name: *\([a-z0-9._-]*\).*/\1/p' ocisictl.yaml | paste -sd'|')
  podman images --filter label=dev.ocisi.hierarchy=ocisictl.yaml \
    --format '{{.Repository}}:{{.Tag}} {{index .Labels "dev.ocisi.image"}}' 2>/dev/null |
    awk -v names="^($names):" '$1 !~ /<none>/ && $2 ~ names {print $1}' | sort || true
}

# the dev containers the CLI made of the demo's project
devcontainers() {
  podman ps --all --filter "label=devcontainer.local_folder=$project" --format '{{.Names}}' 2>/dev/null || true
}

tools_on_path() {
  for dir in "$state/tools/distrobox/usr/bin" "$state/tools/docker-registry/usr/bin"; do
    [ -d "$dir" ] && PATH=$dir:$PATH
  done
  export PATH
}

leftovers() {
  local graph images boxes_made devcontainers_made disk
  tools_on_path
  graph=$(podman info --format '{{.Store.GraphRoot}}' 2>/dev/null || echo "podman's store")
  images=$(example_images | tr '\n' ' ')
  boxes_made=$(boxes | tr '\n' ' ')
  echo
  echo "What the demo left on this machine (bash scripts/demo.sh --remove removes all of it but the packages and" \
    "Maven's downloads):"
  [ -n "$boxes_made" ] && echo "- distroboxes: ${boxes_made% }    (distrobox rm --force ${boxes_made% })"
  devcontainers_made=$(devcontainers | tr '\n' ' ')
  [ -n "$devcontainers_made" ] && echo "- the dev container of $(tilde "$project"): ${devcontainers_made% }    (podman rm" \
    "--force ${devcontainers_made% })"
  [ -n "$images" ] && echo "- images of the example in $graph: ${images% }    (mvn ocisi:clean -Dall, after the boxes)"
  disk=$ocisi_state/vm/debian-vm@latest
  [ -d "$disk" ] && echo "- the VM disk of debian-vm: $(tilde "$disk") ($(du -sh "$disk" | cut -f1))    (rm -rf $(tilde "$disk"))"
  if made_here "$ocisi_state"; then
    echo "- ocisi's state $(tilde "$ocisi_state") (run history, inputs, VM disks; made by the demo)    (rm -rf $(tilde "$ocisi_state"))"
  fi
  if made_here "$distrobox_cache" && [ -d "$distrobox_cache" ]; then
    echo "- distrobox's folder $(tilde "$distrobox_cache") (made by the demo's first box)    (rm -rf $(tilde "$distrobox_cache"))"
  fi
  echo "- the demo's folder $(tilde "$state") (its tools, settings and logs)    (rm -rf $(tilde "$state"))"
  if made_here "$plugin_repo"; then
    echo "- the plugin, installed by ./mvnw install in $(tilde "$plugin_repo"), and Maven's downloads in ~/.m2" \
      "(--remove removes the plugin; the downloads stay, other builds share them)"
  fi
  echo "- build output in this checkout: target/ folders (./mvnw clean)"
  if [ -s "$state/installed-packages" ]; then
    echo "- Debian packages the demo installed: $(tr '\n' ' ' <"$state/installed-packages")  (apt-get remove" \
      "$(tr '\n' ' ' <"$state/installed-packages" | sed 's/ $//'); --remove leaves them: other programs may use them now)"
  fi
}

remove() {
  tools_on_path
  local box container
  for box in $(boxes); do
    echo "distrobox rm --force $box"
    distrobox rm --force "$box" >/dev/null 2>&1 || echo "  (no such box)"
  done
  for container in $(devcontainers); do
    echo "podman rm --force $container"
    podman rm --force "$container" >/dev/null
  done
  if [ -d "$plugin_repo" ]; then
    "${mvn[@]}" -q "$plugin:clean" -Dall
  fi
  rm -rf "$ocisi_state"/vm/debian-vm@latest
  made_here "$ocisi_state" && rm -rf "$ocisi_state"
  made_here "$plugin_repo" && rm -rf "$plugin_repo"
  made_here "$distrobox_cache" && rm -rf "$distrobox_cache"
  rm -rf "$state"
  echo "Removed what the demo left; $(tilde "$HOME/.m2")'s downloads, target/ and the installed packages stay."
}

case "${1:-}" in
  "") ;;
  --remove) remove; exit 0 ;;
  --left) leftovers; exit 0 ;;
  *) echo "usage: bash scripts/demo.sh [--remove | --left]" >&2; exit 2 ;;
esac

# a free port on the loopback for the registry (another one may already serve 5555)
port=5555
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
export OCISI_TEST_REGISTRY=localhost:$port

cat <<INTRO
The demo runs as $who. On this machine it
- installs the Debian packages it uses that are missing (listed before anything is installed)
- unpacks distrobox 1.8 and Debian's docker-registry into $(tilde "$state")/tools when this machine has neither
- builds the example's 8 images into podman's store, assembles 2 distroboxes, makes a VM disk in $(tilde "$ocisi_state")/vm,
  and brings up a dev container of a project in $(tilde "$project") (the devcontainers CLI unpacked into its folder)
- runs a registry on $OCISI_TEST_REGISTRY while it runs, and a second podman store in $(tilde "$second") (both gone at the end)
- writes ocisi's state to $(tilde "$ocisi_state"), the plugin and Maven's downloads to ~/.m2, and target/ in this checkout
Nothing under /etc, no service, no user. It ends with what it left; bash scripts/demo.sh --remove removes it.

INTRO

mkdir -p "$state"
created "$ocisi_state"
created "$plugin_repo"
created "$distrobox_cache"
OCISI_INSTALLED_LOG=$state/installed-packages bash scripts/setup-machine.sh demo

# distrobox 1.5 or newer (ocisi assembles boxes with `distrobox assemble`; Debian 12 has 1.4), and the registry
if ! distrobox_usable && [ ! -x "$state/tools/distrobox/usr/bin/distrobox" ]; then
  echo "Unpacking distrobox 1.8 from Debian trixie into $(tilde "$state")/tools/distrobox"
  debs_unpack distrobox trixie "$state/apt-trixie" "$state/tools/distrobox"
fi
if ! command -v docker-registry >/dev/null && [ ! -x "$state/tools/docker-registry/usr/bin/docker-registry" ]; then
  echo "Unpacking Debian's docker-registry into $(tilde "$state")/tools/docker-registry"
  debs_unpack docker-registry "$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")" "$state/apt-bookworm" \
    "$state/tools/docker-registry" || echo "No docker-registry: the registry steps will be skipped"
fi
tools_on_path

source scripts/engines.sh
# boxes running before the demo stay running; those it started (assemble, enter) are stopped when it ends
running_before=$(podman ps --format '{{.Names}}' 2>/dev/null || true)
finish() {
  local status=$? box
  trap - EXIT INT TERM
  for box in $(boxes) $(devcontainers); do
    if ! grep -qxF "$box" <<<"$running_before" && [ "$(podman inspect --format '{{.State.Running}}' "$box" 2>/dev/null)" = true ]; then
      podman stop --time 5 "$box" >/dev/null 2>&1 || true
    fi
  done
  engines_store_remove "$second"
  engines_stop
  rm -rf "$OCISI_ENGINES_STATE/registry"
  [ "$status" = 0 ] || echo "The demo stopped (exit $status)." >&2
  leftovers
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM
engines_start registry

"${mvn[@]}" -q install -DskipTests
"${mvn[@]}" ocisi:process
# the page process wrote, in a real browser with no network: what it shows, and that it loads nothing
bash scripts/report-check.sh target/ocisi/report.html
"${mvn[@]}" ocisi:list -Dall -Dgraph -Dlayers
# the box's first start installs what distrobox needs into it (about 40 s), later ones take a fraction of a second;
# the box's python by its path (its init hook's link to Debian's python3): the box shares your home, and a plain
# "python" would find a shim of a Python manager of yours there first (pyenv's on these machines)
echo "distrobox enter python-box -- /usr/local/bin/python --version"
DBX_CONTAINER_MANAGER=podman distrobox enter python-box -- /usr/local/bin/python --version

# the same leaf as a dev container: a project whose devcontainer.json is one "image" line (ocisi:devcontainer writes
# it), brought up by the devcontainers CLI on podman; the image's label brings the user, HOME and the home mount, so
# the CLI builds nothing (the store's image count stays) and runs the very image the box runs (docs/devcontainer.md)
if cli=$(devcontainer_cli_install "$state/tools/devcontainer-cli"); then
  "${mvn[@]}" -q ocisi:devcontainer -Docisi.image=debian-python-dx -Docisi.workspace="$project"
  echo "$(tilde "$project")/.devcontainer/devcontainer.json: $(tr -d '\n ' <"$project/.devcontainer/devcontainer.json")"
  before=$(podman images --all --quiet | sort -u | wc -l)
  echo "devcontainer up --workspace-folder $(tilde "$project") --docker-path podman"
  # the CLI keeps a cache in $TMPDIR/devcontainercli-$USER: in the demo's folder, not /tmp, so --remove takes it too
  mkdir -p "$state/tmp"
  TMPDIR=$state/tmp "$cli" up --workspace-folder "$project" --docker-path podman 2>/dev/null | tail -1
  # the image's python by its path: the dev container shares your home, where a Python manager's shim may come first
  echo "devcontainer exec ... sh -c '/usr/bin/python3 --version; id; echo HOME=\$HOME'"
  TMPDIR=$state/tmp "$cli" exec --workspace-folder "$project" --docker-path podman sh -c '/usr/bin/python3 --version; id; echo "HOME=$HOME"' \
    2>/dev/null
  echo "images in the store: $before before up, $(podman images --all --quiet | sort -u | wc -l) after (no image of" \
    "the project's own)"
else
  echo "No devcontainers CLI (it needs node: apt-get install nodejs): the dev container step is skipped"
fi

# publish to the registry on the loopback (images already there upload nothing), then a second machine with an empty
# store pulls the hierarchy: same inputs, same ids, nothing built (docs/registry.md)
registry=$OCISI_TEST_REGISTRY/ocisi-demo
if ! curl -sf "http://$OCISI_TEST_REGISTRY/v2/" >/dev/null 2>&1; then
  echo "No registry runs on $OCISI_TEST_REGISTRY (no docker-registry could be had): the publish and second machine steps are skipped"
else
"${mvn[@]}" ocisi:push -Docisi.registry="$registry"
engines_store_remove "$second"
mapfile -t second_store < <(engines_store "$second")
mkdir -p "$second/checkout" "$second/cache"
cp -r ocisictl.yaml examples "$second/checkout/"
echo "A second machine ($(tilde "$second")) pulls the hierarchy from $registry:"
(cd "$second/checkout" && env "${second_store[@]}" XDG_CACHE_HOME="$second/cache" "$repo/mvnw" -B -ntp "$plugin:process" \
  -Docisi.registry="$registry" -Docisi.skipAssemble -Docisi.skipVm) | grep -E 'Pulled |Summary|pulled from'
fi

# a nightly refresh of the base and the box's image: built again without the cache for their own steps, against the
# archive as it is now; the same packages installed keep the old images, and nothing under them moves (docs/ci.md)
"${mvn[@]}" ocisi:process -Docisi.refresh=1m -Docisi.only=debian-dev-base-dx -Docisi.skipAssemble -Docisi.skipVm \
  | grep -E 'refreshed:|Refresh:'
# process made the disk (once per image) and booted it with its smoke command; the vm goal reuses it while the image
# stays the same
"${mvn[@]}" ocisi:vm | grep -E 'debian-vm|disk' || true
# a command of your own, with ocisi's fast
# init instead of systemd: about 6 s to its output with software emulation (docs/vm.md)
"${mvn[@]}" ocisi:boot -Docisi.image=debian-vm -Docisi.vm.init=fast \
  -Docisi.vm.run='echo "$(uname -sr) on $(. /etc/os-release && echo "$PRETTY_NAME"), $(nproc) CPUs, as $(id -un)"; df -h / | tail -1'
