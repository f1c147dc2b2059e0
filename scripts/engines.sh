#!/usr/bin/env bash
# Starts the container engines ocisi's tests and demo use, the way they work on Debian 12 (see docs/engines.md):
# podman with a containers.conf that uses runc and cgroupfs and keeps ulimits within root's hard limits, its Docker
# API service, dockerd, and (when docker-registry is installed) a plain-HTTP registry on localhost:5555 for the tests
# of pinned bases. Source it and call engines_start; engines_stop stops only what engines_start started.
#
#   source scripts/engines.sh && engines_start && ... && engines_stop

OCISI_ENGINES_STATE=${OCISI_ENGINES_STATE:-/var/tmp/ocisi-engines}
OCISI_PODMAN_SOCKET=${OCISI_PODMAN_SOCKET:-/run/podman/podman.sock}
OCISI_TEST_REGISTRY=${OCISI_TEST_REGISTRY:-localhost:5555}

engines_write_conf() {
  mkdir -p "$OCISI_ENGINES_STATE"
  cat >"$OCISI_ENGINES_STATE/containers.conf" <<'CONF'
# Written by ocisi's scripts/engines.sh. crun refuses this machine's mixed cgroup layout, and root cannot raise its
# hard limits to podman's default ulimits: without these settings every RUN step fails.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  # the system's own file wins when it exists; without one, ocisi's becomes it, so podman works outside ocisi too
  if [ ! -e /etc/containers/containers.conf ] && [ -w /etc/containers ]; then
    cp "$OCISI_ENGINES_STATE/containers.conf" /etc/containers/containers.conf
  fi
  export CONTAINERS_CONF="$OCISI_ENGINES_STATE/containers.conf"
}

engines_wait_for() { # socket, seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [ -S "$1" ] && curl -sf --unix-socket "$1" http://d/_ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

# A registry for the tests only, on the loopback interface: dockerd trusts plain HTTP there by default, podman is told
# so in registries.conf.d (the system's own registries stay as they are).
engines_start_registry() {
  command -v docker-registry >/dev/null || return 0
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
  echo "Starting a test registry on $OCISI_TEST_REGISTRY (log: $OCISI_ENGINES_STATE/registry.log)"
  nohup docker-registry serve "$OCISI_ENGINES_STATE/registry.yml" >"$OCISI_ENGINES_STATE/registry.log" 2>&1 &
  echo $! >"$OCISI_ENGINES_STATE/registry.pid"
  local i
  for ((i = 0; i < 100; i++)); do
    curl -sf "http://$OCISI_TEST_REGISTRY/v2/" >/dev/null 2>&1 && break
    sleep 0.1
  done
  if [ -w /etc/containers ]; then
    mkdir -p /etc/containers/registries.conf.d
    printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "$OCISI_TEST_REGISTRY" \
      >/etc/containers/registries.conf.d/50-ocisi-test-registry.conf
  fi
  export OCISI_TEST_REGISTRY
}

# These machines keep /run, /dev/shm and the mounts when a session's processes are killed without a reboot: podman's
# state then names containers as running whose processes are gone ("Up" while runc says stopped; for a rootless user
# "invalid internal status, try resetting the pause process"). With no conmon and no podman left, nothing of root's
# podman runs, so its runtime state is dropped the way a reboot drops it (podman then marks every container stopped).
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

# systemd makes every mount shared at boot, and distrobox's docker boxes need it ("path /sys is mounted on /sys but
# it is not a shared or slave mount"; rootless podman warns the same); these machines boot without systemd
engines_share_mounts() {
  [ "$(findmnt -n -o PROPAGATION /)" = private ] || return 0
  [ "$(id -u)" = 0 ] && mount --make-rshared /
}

# dockerd gives a --privileged container (every docker box of distrobox) all capabilities, and runc fails ("unable to
# apply caps") when the machine's bounding set lacks one: these machines lack CAP_SYS_RESOURCE (as they lack the hard
# limits podman's ulimits ask for). podman grants only what the bounding set holds; this runtime does the same for
# dockerd, then runs runc. On a machine with the full set it changes nothing.
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

engines_start() {
  engines_write_conf
  engines_write_bounded_runc
  engines_share_mounts
  engines_forget_killed_podman
  engines_start_registry
  if ! curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1; then
    echo "Starting dockerd (log: $OCISI_ENGINES_STATE/dockerd.log)"
    nohup dockerd --add-runtime "ocisi-runc=$OCISI_ENGINES_STATE/runc-bounded" --default-runtime ocisi-runc \
      >"$OCISI_ENGINES_STATE/dockerd.log" 2>&1 &
    echo $! >"$OCISI_ENGINES_STATE/dockerd.pid"
    engines_wait_for /var/run/docker.sock 60 || { echo "dockerd did not start:" >&2; tail -20 "$OCISI_ENGINES_STATE/dockerd.log" >&2; return 1; }
  fi
  if ! curl -sf --unix-socket "$OCISI_PODMAN_SOCKET" http://d/_ping >/dev/null 2>&1; then
    echo "Starting podman's API service on $OCISI_PODMAN_SOCKET (log: $OCISI_ENGINES_STATE/podman-service.log)"
    mkdir -p "$(dirname "$OCISI_PODMAN_SOCKET")"
    nohup podman system service --time=0 "unix://$OCISI_PODMAN_SOCKET" >"$OCISI_ENGINES_STATE/podman-service.log" 2>&1 &
    echo $! >"$OCISI_ENGINES_STATE/podman-service.pid"
    engines_wait_for "$OCISI_PODMAN_SOCKET" 30 || { echo "podman's API service did not start:" >&2; tail -20 "$OCISI_ENGINES_STATE/podman-service.log" >&2; return 1; }
  fi
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
