#!/usr/bin/env bash
# Starts the container engines ocisi's tests and demo use, the way they work on Debian 12 (see docs/engines.md):
# podman with a containers.conf that uses runc and cgroupfs and keeps ulimits within root's hard limits, its Docker
# API service, and dockerd. Source it and call engines_start; engines_stop stops only what engines_start started.
#
#   source scripts/engines.sh && engines_start && ... && engines_stop

OCISI_ENGINES_STATE=${OCISI_ENGINES_STATE:-/var/tmp/ocisi-engines}
OCISI_PODMAN_SOCKET=${OCISI_PODMAN_SOCKET:-/run/podman/podman.sock}

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

engines_start() {
  engines_write_conf
  if ! curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1; then
    echo "Starting dockerd (log: $OCISI_ENGINES_STATE/dockerd.log)"
    nohup dockerd >"$OCISI_ENGINES_STATE/dockerd.log" 2>&1 &
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
  for name in podman-service dockerd; do
    if [ -f "$OCISI_ENGINES_STATE/$name.pid" ]; then
      pid=$(cat "$OCISI_ENGINES_STATE/$name.pid")
      kill "$pid" 2>/dev/null && echo "Stopped $name"
      rm -f "$OCISI_ENGINES_STATE/$name.pid"
    fi
  done
}
