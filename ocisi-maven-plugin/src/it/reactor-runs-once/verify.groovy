def log = new File(basedir, 'build.log').text
assert log.count('Hierarchy ocisictl.yaml: 2 images, 2 enabled') == 1 : 'the goal must run once per reactor'
assert log.contains('\\- base-dx:latest [podman, enabled, box base-dx, dev container]')
assert new File(basedir, 'target/ocisi/hierarchy.dot').isFile()
assert !new File(basedir, 'module-a/target/ocisi').exists()
return true
