def log = new File(basedir, 'build.log').text
assert log.contains('Hierarchy fedora.yaml, more/debian.yaml: 2 images, 1 enabled')
assert log.contains('fedora-dev-base:latest  img   true     podman   fedora-dev-base  false')
assert log.contains('debian:bookworm         img   false    podman   debian           false')
return true
