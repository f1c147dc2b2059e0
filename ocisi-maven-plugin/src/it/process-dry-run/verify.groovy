def info = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[;\d]*m/, '').readLines()
        .findAll { it.startsWith('[INFO] ') }.collect { it.substring(7) }
def expected = [
    'Plan: 3 images, in this order:',
    '  1. ocisi-dry-base:latest with the podman CLI (needed) FROM localhost/ocisi-dry-absent:1 -- would build: base image localhost/ocisi-dry-absent:1 is missing',
    '  2. ocisi-dry-tool:latest with the podman CLI (needed) after ocisi-dry-base:latest -- would build: not built yet',
    '  3. ocisi-dry-tool-dx:latest with the podman CLI (asked for) after ocisi-dry-tool:latest -- would build: not built yet',
    'Nothing was built (-Docisi.dryRun)',
]
int start = info.indexOf(expected[0])
assert start >= 0 : info.join('\n')
assert info.subList(start, start + expected.size()) == expected
assert !info.any { it.startsWith('Building ocisi-dry') } : 'a dry run builds nothing'
return true
