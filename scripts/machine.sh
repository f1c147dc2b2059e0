# What kind of machine the scripts run on, sourced by the others. A disposable test machine (CI=true, or
# OCISI_TEST_MACHINE=1, which .ci/run sets) may be changed machine-wide for the tests; any other machine is someone's
# own, and the scripts change it only as they announce (packages the demo uses) and leave nothing else behind.

machine_is_test() { [ "${CI:-}" = true ] || [ "${OCISI_TEST_MACHINE:-}" = 1 ]; }

# The machine-wide changes the test command makes, one a line: what a workstation is told before it refuses.
machine_test_changes() {
  cat <<'LIST'
- installs the Debian packages the tests use (bash scripts/setup-machine.sh --list test prints them), among them
  openssh-server, docker.io and runc (a machine with Docker's own docker-ce keeps it), docker-registry and chromium
- makes the user ocisi-rootless (no password, in the docker group: root in all but name), makes /dev/net/tun
  world-writable, and edits /etc/subuid and /etc/subgid while a test runs
- starts dockerd on /var/run/docker.sock with a runtime of its own that drops the capabilities this machine cannot
  grant, podman's API service on /run/podman/podman.sock, a registry on localhost:5555, and, while tests run, an sshd,
  a second dockerd with TLS and registries on loopback ports
- makes / a shared mount where it is private, and drops podman's runtime state under /run when its processes are gone
- writes registry CAs under /etc/containers/certs.d and /etc/docker/certs.d while a test runs, builds and removes
  images and containers in root's podman and dockerd stores, and unpacks distrobox 1.8 into /opt/ocisi-distrobox
  (linked from /usr/local/bin)
LIST
}

# Refuses to go on unless this is a test machine: says what the command would change and how to say it may.
machine_require_test() { # what (e.g. "The test command")
  machine_is_test && return 0
  {
    echo "$1 changes this machine for its tests, and this is not a test machine (neither CI=true nor"
    echo "OCISI_TEST_MACHINE=1 is set). It would:"
    machine_test_changes
    echo "Run it on a disposable machine or container with OCISI_TEST_MACHINE=1 set (as .ci/run does). The fast tests"
    echo "need none of this: ./mvnw test -DexcludedGroups=engine"
  } >&2
  return 2
}

# The per-user folder the scripts keep their state in on a machine that is not a test machine: nothing of theirs goes
# anywhere else there.
machine_state_folder() { echo "${XDG_CACHE_HOME:-$HOME/.cache}/ocisi-demo"; }
