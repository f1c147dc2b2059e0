def log = new File(basedir, 'build.log').text.readLines().collect { it.replaceAll(/\u001B\[[;\d]*m/, '') }
def info = log.findAll { it.startsWith('[INFO] ') }.collect { it.substring(7) }

def expected = [
    'Hierarchy ocisictl.yaml: 4 images, 3 enabled',
    '',
    'Enabled images:',
    'IMAGE        PATH  ENABLED  MANAGER  DISTROBOX  ASSEMBLE',
    'base:latest  img   true     podman   base       false',
    'tool:2.0     img   true     podman   tool       false',
    'tool-dx:2.0  img   true     podman   tool-dx    true',
    '',
    'base:latest [podman, enabled] FROM localhost/ocisi-list-absent:1 -- stale: base image localhost/ocisi-list-absent:1 is missing',
    '+- tool:2.0 [podman, enabled] -- stale: not built yet',
    '|  \\- tool-dx:2.0 [podman, enabled, box tool-dx, dev container] -- stale: not built yet',
    '\\- old:latest [podman, disabled]',
    '',
    'Wrote target/ocisi/hierarchy.dot',
    'Wrote target/ocisi/hierarchy.mmd',
]
int start = info.indexOf(expected[0])
assert start >= 0 : "no hierarchy header in:\n" + info.join('\n')
assert info.subList(start, start + expected.size()) == expected
assert new File(basedir, 'target/ocisi/hierarchy.dot').text.startsWith('digraph ocisi {')
assert new File(basedir, 'target/ocisi/hierarchy.mmd').text.startsWith('flowchart TD')
return true
