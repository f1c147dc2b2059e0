#!/usr/bin/env bash
# The README's scripts as someone's own machine meets them, checked on a test machine (the test command runs it last):
# a workstation's state is set up (an /etc/containers with settings of its own, an /etc/docker/daemon.json, Docker's
# own docker-ce in a stand-in dpkg database), the scripts run as they would there (no CI, no OCISI_TEST_MACHINE),
# and the machine is compared before and after: every file under /etc (checksums), the package set, users and groups,
# listening sockets, mounts and their propagation, and the processes left running. Nothing may differ. The demo runs
# whole as the unprivileged test user, and nothing outside its home and the state folders it names may be written;
# then its --remove takes away what it listed.
#   bash scripts/workstation-check.sh        (as root, on a test machine, after scripts/rootless.sh made the user)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/machine.sh
machine_require_test "scripts/workstation-check.sh" || exit 2
user=${OCISI_ROOTLESS_USER:-ocisi-rootless}
uid=$(id -u "$user")
home=$(getent passwd "$user" | cut -d: -f6)
work=$(mktemp -d /var/tmp/ocisi-workstation.XXXXXX)
failed=0
fail() { echo "workstation check FAILED: $*" >&2; failed=1; }

# --- a workstation's state (each file added here is taken away at the end)
added=()
own() { # PATH CONTENT: a file of the workstation's own, unless the machine has one
  [ -e "$1" ] && return 0
  mkdir -p "$(dirname "$1")"
  printf '%s\n' "$2" >"$1"
  added+=("$1")
}
own /etc/containers/containers.conf '# the workstation'"'"'s own settings: ocisi'"'"'s scripts must keep them
[containers]
env = ["OCISI_WORKSTATION_SETTING=kept"]'
own /etc/docker/daemon.json '{"log-level": "warn"}'
restore() {
  local f
  for f in "${added[@]}"; do rm -f "$f"; done
  rm -rf "$work"
}
trap restore EXIT

# --- what is compared
snapshot() { # FOLDER
  mkdir -p "$1"
  # /etc/mtab is the mount table itself (a link to /proc/self/mounts): compared below, as the mounts
  find /etc -xdev \( -type f -o -type l \) \! -path /etc/mtab -print0 | sort -z | xargs -0 sha256sum 2>/dev/null >"$1/etc" || true
  find /etc -xdev -type d | sort >"$1/etc-folders"
  dpkg-query -W -f '${Package} ${Version} ${Status}\n' | sort >"$1/packages"
  getent passwd | sort >"$1/users"
  getent group | sort >"$1/groups"
  ss -Hltunp | awk '{print $1, $5}' | sort -u >"$1/sockets"
  # podman's overlay driver makes its own folder a private mount while podman runs and drops it after: podman's state
  findmnt -rn -o TARGET,PROPAGATION | grep -vE '/containers/storage/overlay private$' | sort >"$1/mounts" || true
  # processes, without the ones this check and the shell it runs in are made of
  # (zombies are gone: this machine's init may not reap what was orphaned; kernel threads are the kernel's)
  ps -eo pid=,ppid=,stat=,comm= | awk -v self=$$ '$1 != self && $1 != 2 && $2 != 2 && $3 !~ /Z/ {$1 = $2 = $3 = ""; print substr($0, 4)}' |
    grep -vxE 'ps|awk|sort|bash|sleep|grep|find|xargs|sha256sum' |
    sort | uniq -c >"$1/processes"
}
compare() { # BEFORE AFTER WHAT
  local what
  for what in etc etc-folders packages users groups mounts; do
    if ! diff -u "$1/$what" "$2/$what" >"$work/diff-$what"; then
      fail "$3 changed $what:"
      head -40 "$work/diff-$what" >&2
    fi
  done
  # sockets and processes: what is new (a daemon the test command stopped may still be going away)
  if comm -13 "$1/sockets" "$2/sockets" | grep . >"$work/new-sockets"; then
    fail "$3 left sockets listening:"; cat "$work/new-sockets" >&2
  fi
  if awk 'NR == FNR {before[$2] = $1; next} $1 > before[$2] + 0 {print $2 " (" before[$2] + 0 " -> " $1 ")"}' \
    "$1/processes" "$2/processes" | grep . >"$work/new-processes"; then
    fail "$3 left processes running:"; cat "$work/new-processes" >&2
  fi
}

snapshot "$work/before"
workstation=(env -u CI -u OCISI_TEST_MACHINE -u CONTAINERS_CONF -u CONTAINERS_REGISTRIES_CONF -u OCISI_ENGINES_STATE
  -u OCISI_TEST_REGISTRY -u OCISI_PODMAN_SOCKET)

# --- the test command refuses a workstation, saying what it would change
out=$("${workstation[@]}" bash scripts/test.sh 2>&1) && fail "the test command ran on a workstation" || status=$?
[ "${status:-0}" = 2 ] && grep -q 'not a test machine' <<<"$out" && grep -q 'openssh-server' <<<"$out" ||
  fail "the test command did not refuse with what it would change (exit ${status:-0}): $out"
echo "test command on a workstation: refused (exit $status), listing $(grep -c '^- ' <<<"$out") kinds of change"

# --- the set-up: Docker's own packages are kept, a removal is refused, nothing is installed
awk -v RS= -v ORS='\n\n' '!/^Package: (docker\.io|runc)\n/' /var/lib/dpkg/status >"$work/status"
cat >>"$work/status" <<'STANZA'
Package: docker-ce
Status: install ok installed
Priority: optional
Section: admin
Architecture: amd64
Version: 5:27.3.1-1~debian.12~bookworm
Conflicts: docker, docker-engine, docker.io
Description: the workstation's Docker (a stand-in)

STANZA
plan=$("${workstation[@]}" OCISI_DPKG_STATUS="$work/status" bash scripts/setup-machine.sh --list test 2>&1) ||
  fail "the set-up's plan with docker-ce failed: $plan"
grep -q "Docker's own packages are installed (docker-ce)" <<<"$plan" && ! grep -qw 'docker.io' <<<"$(tail -n +2 <<<"$plan")" &&
  ! grep -qE '(^| )runc( |$)' <<<"$(tail -n +2 <<<"$plan")" || fail "with docker-ce, the set-up would install docker.io or runc: $plan"
echo "set-up with docker-ce: $(head -1 <<<"$plan")"
# a package that the demo's podman would replace: apt would remove it, so nothing is installed
awk -v RS= -v ORS='\n\n' '!/^Package: qemu-utils\n/' /var/lib/dpkg/status >"$work/status"
printf 'Package: ocisi-standin\nStatus: install ok installed\nPriority: optional\nSection: misc\nArchitecture: all\nVersion: 1\nConflicts: qemu-utils\nDescription: a package qemu-utils conflicts with\n\n' >>"$work/status"
out=$("${workstation[@]}" OCISI_DPKG_STATUS="$work/status" bash scripts/setup-machine.sh demo 2>&1) && fail "installed despite a removal: $out"
grep -q 'apt would remove ocisi-standin' <<<"$out" || fail "the set-up did not name the package apt would remove: $out"
echo "set-up when apt would remove a package: $(grep 'apt would remove' <<<"$out" | cut -c1-110)..."
# the demo's packages are all here: as the user, nothing to do and no root asked for
out=$(runuser -u "$user" -- env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin bash scripts/setup-machine.sh demo 2>&1) ||
  fail "the set-up as $user: $out"

# --- podman's settings merged into a containers.conf of the machine's: its keys kept, a multi-line value replaced
printf '# mine\n[containers]\nenv = ["A=1"]\ndefault_ulimits = [\n  "nofile=1:1",\n]\n[engine]\nruntime = "crun" # mine\n' >"$work/mine.conf"
merged=$(source scripts/engines.sh && engines_toml_set "$work/mine.conf" containers default_ulimits '["nofile=2:2"]')
expected=$(printf '# mine\n[containers]\ndefault_ulimits = ["nofile=2:2"]\nenv = ["A=1"]\n[engine]\nruntime = "crun" # mine')
[ "$merged" = "$expected" ] || fail "engines_toml_set: got
$merged"
merged=$(source scripts/engines.sh && engines_toml_set /dev/null engine runtime '"runc"')
[ "$merged" = "$(printf '\n[engine]\nruntime = "runc"')" ] || fail "engines_toml_set on no file: got
$merged"

# --- the engines as the demo starts them, as root: settings through the environment, the workstation's kept
(
  "${workstation[@]}" bash -c 'set -euo pipefail; source scripts/engines.sh; engines_start registry
    trap engines_stop EXIT
    # the registries.conf podman reads is the machine'"'"'s, the registry added; a container gets the machine'"'"'s env
    system=/etc/containers/registries.conf
    [ ! -f $system ] || cmp -s -n "$(stat -c %s $system)" $system "$CONTAINERS_REGISTRIES_CONF"
    grep -q "^location = \"$OCISI_TEST_REGISTRY\"" "$CONTAINERS_REGISTRIES_CONF"
    curl -sf "http://$OCISI_TEST_REGISTRY/v2/" >/dev/null
    root=$(mktemp -d); mkdir "$root/bin"; cp /bin/busybox "$root/bin/"; ln -s busybox "$root/bin/env"
    id=$(tar -C "$root" -c . | podman import -q -); rm -rf "$root"
    podman run --rm "$id" /bin/env | grep -x OCISI_WORKSTATION_SETTING=kept
    podman rmi -f "$id" >/dev/null'
) >"$work/engines.log" 2>&1 || { fail "the engines as on a workstation:"; cat "$work/engines.log" >&2; }
echo "engines on a workstation: $(grep -c . "$work/engines.log") lines, $(grep -o 'sets \[[a-z]*\] [a-z_]*' "$work/engines.log" | tr '\n' ' ')"

# --- the demo as the user, whole: what it writes outside its home is listed
as_user=(runuser -u "$user" -- env -i HOME="$home" USER="$user" LOGNAME="$user" PATH=/usr/local/bin:/usr/bin:/bin
  XDG_RUNTIME_DIR="/run/user/$uid" LANG=C.UTF-8 JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}")
find / -xdev -type d \( -path /proc -o -path /sys \) -prune -o -type d -print 2>/dev/null | sort >"$work/folders-before"
touch "$work/marker"
sleep 1
start=$(date +%s)
# rootless.sh --demo: this checkout copied into the user's home, then scripts/demo.sh run there as the user, in an
# environment of the user's own (no CI, no OCISI_TEST_MACHINE: a workstation's)
if ! bash scripts/rootless.sh --demo >"$work/demo.log" 2>&1; then
  fail "the demo as $user:"
  tail -40 "$work/demo.log" >&2
fi
echo "demo as $user: $(($(date +%s) - start)) s"
sed -n '/^What the demo left/,$p' "$work/demo.log"
# what the demo left outside the user's home and runtime folder: files it wrote (owned by the user or, through
# podman, by one of its subordinate ids: not root, whose other processes may write meanwhile) and folders it made
find / -xdev \( -path /proc -o -path /sys -o -path "$home" -o -path "/run/user/$uid" -o -path "$work" \) -prune -o \
  -newer "$work/marker" \! -type d \! -user 0 -print 2>/dev/null >"$work/written" || true
find / -xdev -type d \( -path /proc -o -path /sys \) -prune -o -type d -print 2>/dev/null | sort >"$work/folders-after"
comm -13 "$work/folders-before" "$work/folders-after" | grep -vE "^($home|/run/user/$uid|$work)(/|$)" |
  while read -r folder; do [ "$(stat -c %u "$folder" 2>/dev/null)" = 0 ] || echo "$folder"; done >>"$work/written" || true
if [ -s "$work/written" ]; then
  fail "the demo as $user wrote outside its home and runtime folder:"
  head -30 "$work/written" >&2
fi

# --- the docs' command lines that need the example built, on what the demo built, as the user
"${as_user[@]}" bash -c 'cd ~/ocisi && bash scripts/docs-check.sh --built' >"$work/docs.log" 2>&1 ||
  { fail "the docs' command lines on the built example:"; cat "$work/docs.log" >&2; }
grep -E 'ran on the built|^docs:' "$work/docs.log" || true

# --- the example's bills of materials as the demo's process wrote them: SPDX's own validator (fetched by the build
# step) and the user's images themselves
"${as_user[@]}" mkdir -p "$home/ocisi/ocisi-core/target/spdx"
install -o "$user" -m 0644 ocisi-core/target/spdx/spdx-tools-java.jar "$home/ocisi/ocisi-core/target/spdx/"
"${as_user[@]}" bash -c 'cd ~/ocisi && bash scripts/sbom-check.sh target/ocisi/sbom ocisi-core/target/spdx/spdx-tools-java.jar' \
  >"$work/sbom.log" 2>&1 || { fail "the example's bills of materials:"; cat "$work/sbom.log" >&2; }
grep '^sbom:' "$work/sbom.log" || true

# --- the machine as it was, but for what the demo listed
snapshot "$work/after"
compare "$work/before" "$work/after" "the scripts, run as on a workstation,"

# --- the demo's --remove takes away what it listed
"${as_user[@]}" bash -c 'cd ~/ocisi && bash scripts/demo.sh --remove' >"$work/remove.log" 2>&1 ||
  { fail "demo.sh --remove:"; tail -20 "$work/remove.log" >&2; }
left=$("${as_user[@]}" bash -c 'cd ~/ocisi && bash scripts/demo.sh --left')
! grep -qE '^- (distroboxes|images|VM disk)' <<<"$left" && [ ! -e "$home/.cache/ocisi-demo" ] ||
  fail "after --remove, the demo still left: $left"
echo "demo.sh --remove: $(tail -1 "$work/remove.log")"
((failed == 0)) && echo "workstation check: nothing changed but what the scripts announced and listed"
exit $failed
