#!/usr/bin/env bash
# Starts the container engines ocisi's tests, demo and benchmarks use (see docs/engines.md). Source it, then:
#   engines_start [registry] [podman-service] [dockerd]   what to start (nothing named: all three, for the tests)
#   engines_stop                                          stops what engines_start started, nothing else
#
# On any machine, podman gets only the settings this machine needs (usually none: a systemd workstation needs none),
# through CONTAINERS_CONF and CONTAINERS_REGISTRIES_CONF: files of this script's own, started from the machine's own
# settings; nothing under /etc is written. On a test machine (scripts/machine.sh) alone, dockerd is started with a
# runtime of its own, / is made a shared mount and podman's stale runtime state is dropped, as the tests need.

_engines_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$_engines_here/machine.sh"

if [ -z "${OCISI_ENGINES_STATE:-}" ]; then
  if machine_is_test && [ "$(id -u)" = 0 ]; then
    OCISI_ENGINES_STATE=/var/tmp/ocisi-engines
  else
    OCISI_ENGINES_STATE=$(machine_state_folder)/engines
  fi
fi
OCISI_TEST_REGISTRY=${OCISI_TEST_REGISTRY:-localhost:5555}
export OCISI_ENGINES_STATE

# A TOML file with KEY = VALUE in [TABLE]: the key's earlier value in that table (a multi-line array too) replaced,
# the table added when missing, everything else as it was.
engines_toml_set() { # FILE TABLE KEY VALUE
  awk -v table="[$2]" -v key="$3" -v value="$4" '
    function name(line) { sub(/#.*/, "", line); gsub(/[ \t]/, "", line); return line }
    skipping { if ($0 ~ /\]/) skipping = 0; next }
    /^[ \t]*\[/ { print; current = name($0); if (current == table && !done) { print key " = " value; done = 1 }; next }
    current == table && $0 ~ "^[ \t]*" key "[ \t]*=" { if ($0 ~ /=[ \t]*\[/ && $0 !~ /\][ \t]*(#.*)?$/) skipping = 1; next }
    { print }
    END { if (!done) { print ""; print table; print key " = " value } }
  ' "$1"
}

# The containers.conf podman would read here: with CONTAINERS_CONF set only that file, else the most specific of the
# user's, the machine's and the package's (podman merges them; the most specific holds the settings a person made).
engines_own_containers_conf() {
  local file
  for file in "${CONTAINERS_CONF:-}" $([ "$(id -u)" = 0 ] || echo "${XDG_CONFIG_HOME:-$HOME/.config}/containers/containers.conf") \
    /etc/containers/containers.conf /usr/share/containers/containers.conf; do
    [ -n "$file" ] && [ -f "$file" ] && { echo "$file"; return; }
  done
  echo /dev/null
}

# What podman lacks on this machine, as "TABLE KEY VALUE WHY" lines. Root's podman asks the kernel for nofile 1048576
# and nproc 4194304 in every container, which only a process with CAP_SYS_RESOURCE may grant past its hard limits
# (containers and CI virtual machines lack it: "error setting rlimit type 7"); crun refuses a cgroup v1 or hybrid
# layout, where runc works.
engines_podman_needs() {
  local bound hard_n hard_u
  if [ "$(id -u)" = 0 ]; then
    bound=$((16#$(awk '/^CapBnd/ {print $2}' /proc/self/status)))
    hard_n=$(ulimit -Hn); hard_u=$(ulimit -Hu)
    # podman's own processes run with at most kernel.pid_max processes (measured: 32768 here, against a hard limit
    # of 96367), and a container cannot be given more than its runtime has
    [ "$hard_u" = unlimited ] || ((hard_u <= $(cat /proc/sys/kernel/pid_max))) || hard_u=$(cat /proc/sys/kernel/pid_max)
    if (((bound >> 24 & 1) == 0)) && { [ "$hard_n" != unlimited ] && ((hard_n < 1048576)) ||
      [ "$hard_u" != unlimited ] && ((hard_u < 4194304)); }; then
      echo "containers default_ulimits [\"nofile=$hard_n:$hard_n\",\"nproc=$hard_u:$hard_u\"] root lacks CAP_SYS_RESOURCE and its hard limits are below podman's default ulimits"
    fi
  fi
  if [ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" != cgroup2fs ] && command -v crun >/dev/null && command -v runc >/dev/null; then
    echo "engine runtime \"runc\" crun refuses this machine's cgroup v1 layout"
  fi
}

# Podman's settings for this machine in a file of this script's own, named by CONTAINERS_CONF (nothing when the
# machine needs none); the registry's entry in a registries.conf of its own, named by CONTAINERS_REGISTRIES_CONF.
engines_write_conf() {
  mkdir -p "$OCISI_ENGINES_STATE"
  local needs own table key value why
  needs=$(engines_podman_needs)
  [ -n "$needs" ] || return 0
  own=$(engines_own_containers_conf)
  [ "$own" = "$OCISI_ENGINES_STATE/containers.conf" ] && own=$OCISI_ENGINES_STATE/containers.conf.base
  [ "$own" = "$OCISI_ENGINES_STATE/containers.conf.base" ] || cp "$own" "$OCISI_ENGINES_STATE/containers.conf.base"
  cp "$OCISI_ENGINES_STATE/containers.conf.base" "$OCISI_ENGINES_STATE/containers.conf.new"
  while read -r table key value why; do
    echo "podman here: $why, so ${OCISI_ENGINES_STATE}/containers.conf sets [$table] $key = $value"
    engines_toml_set "$OCISI_ENGINES_STATE/containers.conf.new" "$table" "$key" "$value" >"$OCISI_ENGINES_STATE/containers.conf.tmp"
    mv "$OCISI_ENGINES_STATE/containers.conf.tmp" "$OCISI_ENGINES_STATE/containers.conf.new"
  done <<<"$needs"
  mv "$OCISI_ENGINES_STATE/containers.conf.new" "$OCISI_ENGINES_STATE/containers.conf"
  export CONTAINERS_CONF="$OCISI_ENGINES_STATE/containers.conf"
}

# A podman store of its own in FOLDER (another machine's, or a throwaway one), and podman's own state with it, so that
# resetting it leaves every other store alone: prints the environment that selects it, one VAR=VALUE a line. Rootless
# podman takes the graph root only from rootless_storage_path, and its run root and its state only from
# XDG_RUNTIME_DIR: a user's store gets a runtime folder of its own too (and so a user namespace of its own).
engines_store() { # FOLDER
  local folder=$1
  mkdir -p "$folder"
  printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/graph"\nrunroot = "%s/run"\nrootless_storage_path = "%s/graph"\n' \
    "$folder" "$folder" "$folder" >"$folder/storage.conf"
  engines_toml_set "$(engines_own_containers_conf)" engine tmp_dir "\"$folder/libpod-tmp\"" >"$folder/containers.conf"
  echo "CONTAINERS_STORAGE_CONF=$folder/storage.conf"
  echo "CONTAINERS_CONF=$folder/containers.conf"
  if [ "$(id -u)" != 0 ]; then
    install -d -m 0700 "$folder/runtime"
    echo "XDG_RUNTIME_DIR=$folder/runtime"
  fi
}

# Empties a store engines_store made, with podman's own reset, then removes its folder.
engines_store_remove() { # FOLDER
  local folder=$1 vars pause
  [ -f "$folder/storage.conf" ] || { rm -rf "$folder"; return 0; }
  mapfile -t vars < <(engines_store "$folder")
  # a user's store had a user namespace of its own: its pause process (which takes no signal but SIGKILL) goes with
  # it; the reset removes its pid file
  pause=$(cat "$folder/libpod-tmp/pause.pid" 2>/dev/null || true)
  env "${vars[@]}" podman system reset --force >/dev/null 2>&1 || true
  [ -z "$pause" ] || kill -KILL "$pause" 2>/dev/null || true
  rm -rf "$folder" 2>/dev/null || podman unshare rm -rf "$folder" 2>/dev/null || true
}

engines_wait_for() { # socket, seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [ -S "$1" ] && curl -sf --unix-socket "$1" http://d/_ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

# The registries.conf podman reads, with the loopback registry added as a plain-HTTP one (dockerd trusts the loopback
# by itself): the machine's registries.conf.d entries still apply, the machine's files stay as they are.
engines_write_registries_conf() {
  local system=${CONTAINERS_REGISTRIES_CONF:-/etc/containers/registries.conf}
  [ "$(id -u)" = 0 ] || [ ! -f "${XDG_CONFIG_HOME:-$HOME/.config}/containers/registries.conf" ] ||
    system=${XDG_CONFIG_HOME:-$HOME/.config}/containers/registries.conf
  [ "$system" = "$OCISI_ENGINES_STATE/registries.conf" ] && return 0
  {
    # the version 1 format ([registries.search] ...) cannot be mixed with [[registry]] tables
    if [ -f "$system" ] && ! grep -q '^[[:space:]]*\[registries\.' "$system"; then cat "$system"; fi
    printf '\n# Added by ocisi'"'"'s scripts/engines.sh: the test registry on the loopback speaks plain HTTP\n'
    printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "$OCISI_TEST_REGISTRY"
  } >"$OCISI_ENGINES_STATE/registries.conf"
  export CONTAINERS_REGISTRIES_CONF="$OCISI_ENGINES_STATE/registries.conf"
}

# Debian's docker-registry: the installed one, else the demo's unpacked copy (scripts/demo.sh).
engines_registry_command() {
  command -v docker-registry 2>/dev/null && return 0
  local own
  own=$(machine_state_folder)/tools/docker-registry/usr/bin/docker-registry
  [ -x "$own" ] && echo "$own"
}

engines_start_registry() {
  local registry
  registry=$(engines_registry_command) || { echo "No docker-registry here: the registry is not started"; return 0; }
  engines_write_registries_conf
  export OCISI_TEST_REGISTRY
  curl -sf "http://$OCISI_TEST_REGISTRY/v2/" >/dev/null 2>&1 && return 0
  mkdir -p "$OCISI_ENGINES_STATE/registry"
  cat >"$OCISI_ENGINES_STATE/registry.yml" <<CONF
version: 0.1
storage:
  filesystem:
    rootdirectory: $OCISI_ENGINES_STATE/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${OCISI_TEST_REGISTRY##*:}
CONF
  echo "Starting a registry on $OCISI_TEST_REGISTRY (log: $OCISI_ENGINES_STATE/registry.log)"
  nohup "$registry" serve "$OCISI_ENGINES_STATE/registry.yml" >"$OCISI_ENGINES_STATE/registry.log" 2>&1 &
  echo $! >"$OCISI_ENGINES_STATE/registry.pid"
  local i
  for ((i = 0; i < 100; i++)); do
    curl -sf "http://$OCISI_TEST_REGISTRY/v2/" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "The registry did not start:" >&2
  tail -5 "$OCISI_ENGINES_STATE/registry.log" >&2
  return 1
}

# Test machines only. These machines keep /run, /dev/shm and the mounts when a session's processes are killed without
# a reboot: podman's state then names containers as running whose processes are gone ("Up" while runc says stopped;
# for a rootless user "invalid internal status, try resetting the pause process"). With no conmon and no podman left,
# nothing of root's podman runs, so its runtime state is dropped the way a reboot drops it.
engines_forget_killed_podman() {
  # a machine whose /run is a tmpfs (systemd's) loses that state at every reboot and keeps it while its processes live
  [ "$(findmnt -n -o FSTYPE -T /run)" = tmpfs ] && return 0
  [ -e /run/libpod/alive ] || return 0
  pgrep -x conmon >/dev/null || pgrep -x podman >/dev/null && return 0
  echo "podman's runtime state outlived its processes: dropping it, as a reboot would"
  local mount
  # no such mount is no failure, for callers with pipefail (the demo, the benchmarks)
  findmnt -rn -o TARGET | { grep -E '^/var/lib/containers/storage/overlay(-containers)?/[^/]+/(merged|userdata/shm)$|^/run/netns/.' || true; } |
    while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
  rm -rf /run/libpod /run/containers/storage /run/runc /run/netns/* /dev/shm/libpod_lock
}

# Test machines only: systemd makes every mount shared at boot, and distrobox's docker boxes need it ("path /sys is
# mounted on /sys but it is not a shared or slave mount"; rootless podman warns the same); these machines boot
# without systemd
engines_share_mounts() {
  [ "$(findmnt -n -o PROPAGATION /)" = private ] || return 0
  [ "$(id -u)" = 0 ] && mount --make-rshared /
}

# Test machines only: dockerd gives a --privileged container (every docker box of distrobox) all capabilities, and
# runc fails ("unable to apply caps") when the machine's bounding set lacks one: these machines lack CAP_SYS_RESOURCE
# (as they lack the hard limits podman's ulimits ask for). podman grants only what the bounding set holds; this
# runtime does the same for dockerd, then runs runc. On a machine with the full set it changes nothing.
engines_write_bounded_runc() {
  local runc
  runc=$(command -v runc || echo /usr/sbin/runc)
  cat >"$OCISI_ENGINES_STATE/runc-bounded" <<SCRIPT
#!/bin/bash
# Written by ocisi's scripts/engines.sh: runc without the capabilities this machine's bounding set lacks.
names=(CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE NET_BIND_SERVICE
  NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN
  SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE
  MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE)
bound=\$((16#\$(awk '/^CapBnd/ {print \$2}' /proc/self/status)))
lacking=()
for i in "\${!names[@]}"; do ((bound >> i & 1)) || lacking+=("\"CAP_\${names[i]}\"")
done
bounded() { # file, path of the capabilities in it
  [ -f "\$1" ] && ((\${#lacking[@]})) || return 0
  jq -c --argjson drop "[\$(IFS=,; echo "\${lacking[*]}")]" "\$2 |= (. // {} | map_values(. - \\\$drop))" "\$1" \\
    >"\$1.bounded" && mv "\$1.bounded" "\$1"
}
args=("\$@")
for i in "\${!args[@]}"; do
  case "\${args[i]}" in
    --bundle | -b) bounded "\${args[i + 1]}/config.json" .process.capabilities ;;
    --process | -p) bounded "\${args[i + 1]}" .capabilities ;;
  esac
done
exec $runc "\$@"
SCRIPT
  chmod 0755 "$OCISI_ENGINES_STATE/runc-bounded"
}

engines_start_dockerd() {
  curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1 && return 0
  if ! machine_is_test; then
    echo "dockerd is not running: start your Docker (systemctl start docker); these scripts start one only on a" \
      "test machine" >&2
    return 1
  fi
  engines_write_bounded_runc
  echo "Starting dockerd (log: $OCISI_ENGINES_STATE/dockerd.log)"
  nohup dockerd --add-runtime "ocisi-runc=$OCISI_ENGINES_STATE/runc-bounded" --default-runtime ocisi-runc \
    >"$OCISI_ENGINES_STATE/dockerd.log" 2>&1 &
  echo $! >"$OCISI_ENGINES_STATE/dockerd.pid"
  engines_wait_for /var/run/docker.sock 60 || { echo "dockerd did not start:" >&2; tail -20 "$OCISI_ENGINES_STATE/dockerd.log" >&2; return 1; }
}

# podman's Docker API service: the usual socket on a test machine, a socket of this script's own elsewhere
engines_start_podman_service() {
  if [ -z "${OCISI_PODMAN_SOCKET:-}" ]; then
    if machine_is_test && [ "$(id -u)" = 0 ]; then OCISI_PODMAN_SOCKET=/run/podman/podman.sock
    else OCISI_PODMAN_SOCKET=$OCISI_ENGINES_STATE/podman.sock; fi
  fi
  export OCISI_PODMAN_SOCKET
  curl -sf --unix-socket "$OCISI_PODMAN_SOCKET" http://d/_ping >/dev/null 2>&1 && return 0
  echo "Starting podman's API service on $OCISI_PODMAN_SOCKET (log: $OCISI_ENGINES_STATE/podman-service.log)"
  mkdir -p "$(dirname "$OCISI_PODMAN_SOCKET")"
  nohup podman system service --time=0 "unix://$OCISI_PODMAN_SOCKET" >"$OCISI_ENGINES_STATE/podman-service.log" 2>&1 &
  echo $! >"$OCISI_ENGINES_STATE/podman-service.pid"
  engines_wait_for "$OCISI_PODMAN_SOCKET" 30 || { echo "podman's API service did not start:" >&2; tail -20 "$OCISI_ENGINES_STATE/podman-service.log" >&2; return 1; }
}

engines_start() {
  local wanted=("$@") what
  ((${#wanted[@]})) || wanted=(registry podman-service dockerd)
  mkdir -p "$OCISI_ENGINES_STATE"
  engines_write_conf
  if machine_is_test; then
    engines_share_mounts
    engines_forget_killed_podman
    engines_register_emulators
  fi
  for what in "${wanted[@]}"; do
    case "$what" in
      registry) engines_start_registry ;;
      podman-service) engines_start_podman_service ;;
      dockerd) engines_start_dockerd ;;
      *) echo "engines_start: no engine '$what'" >&2; return 2 ;;
    esac || return 1
  done
}

# Test machines only: binfmt_misc mounted and QEMU's handlers registered from qemu-user-static's /usr/lib/binfmt.d
# files, as systemd-binfmt does at a workstation's boot (these machines run no systemd). The builds for other
# platforms (docs/platforms.md) need them; nothing happens where they are registered already or QEMU is absent.
engines_register_emulators() {
  local binfmt=/proc/sys/fs/binfmt_misc conf name
  [ "$(id -u)" = 0 ] || return 0
  compgen -G "/usr/lib/binfmt.d/qemu-*.conf" >/dev/null || return 0
  if [ ! -e "$binfmt/status" ]; then
    mount -t binfmt_misc binfmt_misc "$binfmt" || { echo "engines: cannot mount binfmt_misc" >&2; return 1; }
  fi
  for conf in /usr/lib/binfmt.d/qemu-*.conf; do
    name=$(cut -d: -f2 "$conf")
    [ -e "$binfmt/$name" ] || cat "$conf" >"$binfmt/register" || echo "engines: cannot register $name" >&2
  done
}

engines_stop() {
  local name pid
  for name in podman-service dockerd registry; do
    if [ -f "$OCISI_ENGINES_STATE/$name.pid" ]; then
      pid=$(cat "$OCISI_ENGINES_STATE/$name.pid")
      if kill "$pid" 2>/dev/null; then
        # wait for it to go: dockerd removes its pid file last, and a start before that fails on it
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        echo "Stopped $name"
      fi
      rm -f "$OCISI_ENGINES_STATE/$name.pid"
    fi
  done
}
