#!/usr/bin/env bash
# Rootless, the way ocisi's users run it: an unprivileged user with rootless podman runs the engine tests that matter
# to a user (tagged "rootless") in a copy of this checkout, with a podman store, a Maven repository and ocisi state of
# its own. Run as root by the test command after the root suite (which installs the plugin this copy builds on).
#   bash scripts/rootless.sh            the rootless tests
#   bash scripts/rootless.sh -Dtest=X   other tests (Maven options for the core module's test run)
#   bash scripts/rootless.sh --shell    a shell as that user, set up the same way
#   bash scripts/rootless.sh --demo     the demo (scripts/demo.sh) as that user, with rootless podman
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/machine.sh
# it makes a user without a password in the docker group and opens /dev/net/tun to everyone: a test machine's change
machine_require_test "scripts/rootless.sh" || exit 2
user=${OCISI_ROOTLESS_USER:-ocisi-rootless}
# useradd gives a new user its subuid and subgid ranges (uidmap's login.defs settings)
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
# rootful docker beside rootless podman, the way a workstation's user has both: through the docker group
getent group docker >/dev/null && usermod -aG docker "$user"
uid=$(id -u "$user")
home=$(getent passwd "$user" | cut -d: -f6)
# slirp4netns opens /dev/net/tun as the user: 0666 on a workstation, 0600 on these machines
chmod 0666 /dev/net/tun
runtime=/run/user/$uid
# with none of the user's processes left, its runtime folder is stale (these machines keep /run and /dev/shm when a
# session's processes are killed, and rootless podman then fails on its dead pause process): dropped, as logind does
# when a user's last session ends
if ! pgrep -u "$uid" >/dev/null; then
  rm -rf "$runtime" "/dev/shm/libpod_rootless_lock_$uid"
fi
install -d -m 0700 -o "$user" -g "$user" "$runtime"
install -d -o "$user" -g "$user" "$home/.config" "$home/.config/containers"
# the kernel's own overlay for rootless (5.13 and later), as a workstation's podman uses it; podman 4.3 falls back to
# vfs (a full copy of every layer, and distrobox's keep-id boxes cannot read their libraries)
if [ ! -f "$home/.config/containers/storage.conf" ]; then
  printf '[storage]\ndriver = "overlay"\n' >"$home/.config/containers/storage.conf"
  chown "$user:$user" "$home/.config/containers/storage.conf"
  runuser -u "$user" -- env -i HOME="$home" XDG_RUNTIME_DIR="$runtime" PATH=/usr/bin:/bin podman system reset --force \
    >/dev/null 2>&1 || true
fi
# the checkout as it is (committed or not, without build output), and Maven's repository with the plugin installed
rm -rf "$home/ocisi"
mkdir -p "$home/ocisi"
git ls-files -co --exclude-standard -z | tar --null -cf - -T - | tar -C "$home/ocisi" -xf -
if [ ! -d "$home/.m2/repository" ] || [ "${OCISI_ROOTLESS_FRESH_M2:-}" = 1 ]; then
  rm -rf "$home/.m2"
  cp -a "$HOME/.m2" "$home/.m2"
else
  # only what root's build installed since: the project's own artifacts
  rm -rf "$home/.m2/repository/dev/ocisi"
  cp -a "$HOME/.m2/repository/dev/ocisi" "$home/.m2/repository/dev/ocisi"
fi
chown -R "$user:$user" "$home/ocisi" "$home/.m2"
# podman's settings this machine needs for the user, as scripts/engines.sh finds them for the user (none here: root's
# ulimits are root's alone), in the user's own containers.conf
needs=$(runuser -u "$user" -- env -i HOME="$home" PATH=/usr/bin:/bin bash -c \
  'source ~/ocisi/scripts/engines.sh && engines_podman_needs')
source scripts/engines.sh
conf=$home/.config/containers/containers.conf
rm -f "$conf"
while read -r table key value why; do
  [ -n "$table" ] || continue
  echo "podman for $user: $why: [$table] $key = $value"
  engines_toml_set "$([ -f "$conf" ] && echo "$conf" || echo /dev/null)" "$table" "$key" "$value" >"$conf.new"
  mv "$conf.new" "$conf"
done <<<"$needs"
[ ! -f "$conf" ] || chown "$user:$user" "$conf"
as_user=(runuser -u "$user" -- env -i HOME="$home" USER="$user" LOGNAME="$user" PATH=/usr/local/bin:/usr/bin:/bin
  XDG_RUNTIME_DIR="$runtime" LANG=C.UTF-8 JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
  OCISI_BOX_ROOTFS="${OCISI_BOX_ROOTFS:-}" OCISI_DEVCONTAINER_CLI="${OCISI_DEVCONTAINER_CLI:-}")
if [ "${1:-}" = --shell ]; then
  exec "${as_user[@]}" bash -l -c "cd ~/ocisi && exec bash"
fi
if [ "${1:-}" = --demo ]; then
  exec "${as_user[@]}" bash -c 'cd ~/ocisi && exec bash scripts/demo.sh'
fi
# the tests' loopback registry, plain HTTP, as root's engines reach it (scripts/engines.sh's registries.conf, the
# machine's own entries in it); the demo above is left to set up its own, as on a workstation
[ -z "${CONTAINERS_REGISTRIES_CONF:-}" ] || as_user+=(CONTAINERS_REGISTRIES_CONF="$CONTAINERS_REGISTRIES_CONF")
echo "Rootless tests as $user (uid $uid), rootless podman: $("${as_user[@]}" podman info --format '{{.Store.GraphRoot}} ({{.Store.GraphDriverName}})')"
selection=("$@")
[ ${#selection[@]} -gt 0 ] || selection=(-Dgroups=rootless)
"${as_user[@]}" bash -c 'cd ~/ocisi && ./mvnw -o -B -ntp -pl ocisi-core test -DexcludedGroups= \
  -Dsurefire.failIfNoSpecifiedTests=false "$@"' rootless-tests "${selection[@]}"
# doctor as a user: every rootless check passes here; then the same user without subordinate ids, named with the fix
plugin=dev.ocisi:ocisi-maven-plugin:0.1.0-SNAPSHOT
"${as_user[@]}" bash -c "cd ~/ocisi && ./mvnw -o -B -ntp -N $plugin:doctor" | grep -E 'newuidmap|newgidmap|/etc/sub|XDG_RUNTIME_DIR|rootless network|storage driver'
cp -p /etc/subuid /etc/subuid.ocisi-saved
cp -p /etc/subgid /etc/subgid.ocisi-saved
restore_ids() { mv -f /etc/subuid.ocisi-saved /etc/subuid; mv -f /etc/subgid.ocisi-saved /etc/subgid; }
trap restore_ids EXIT
sed -i "/^$user:/d" /etc/subuid /etc/subgid
doctor=$("${as_user[@]}" bash -c "cd ~/ocisi && ./mvnw -o -B -ntp -N $plugin:doctor" 2>&1 || true)
restore_ids
trap - EXIT
if ! grep -q "/etc/subuid: no range for $user" <<<"$doctor" || ! grep -q "usermod --add-subuids" <<<"$doctor"; then
  echo "$doctor"
  echo "doctor, run by $user without subordinate ids, did not name them with the fix" >&2
  exit 1
fi
echo "doctor without subordinate ids: $(grep -o "/etc/subuid: no range for $user[^:]*" <<<"$doctor" | head -1)"

