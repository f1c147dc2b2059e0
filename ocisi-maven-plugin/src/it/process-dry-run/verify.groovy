def info = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[;\d]*m/, '').readLines()
        .findAll { it.startsWith('[INFO] ') }.collect { it.substring(7) }
def expected = [
    'Plan: 3 images, in this order:',
    '  1. base:latest with the podman CLI (needed) FROM docker.io/library/debian:bookworm',
    '  2. tool:latest with the podman CLI (needed) after base:latest',
    '  3. tool-dx:latest with the podman CLI (asked for) after tool:latest',
    'Nothing was built (-Docisi.dryRun)',
]
int start = info.indexOf(expected[0])
assert start >= 0 : info.join('\n')
assert info.subList(start, start + expected.size()) == expected
assert !info.any { it.startsWith('Engine for') } : 'a dry run contacts no engine'
return true
