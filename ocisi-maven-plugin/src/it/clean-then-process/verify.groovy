def run = new GroovyShell().evaluate(new File(itShared, 'run.groovy'))
try {
    def logs = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[;\d]*m/, '')
    def runs = logs.split('Scanning for projects')
    assert runs.length == 5 : 'four invocations'
    // process assembles the -dx leaf's box, and leaves it alone when nothing changed
    assert runs[1].contains('Creating box ocisi-clean-a-dx from localhost/ocisi-clean-a-dx:latest with podman: not created yet')
    assert runs[4] =~ /ocisi-clean-a-dx\s+current\s+current/
    assert runs[2].contains('Would remove localhost/ocisi-clean-a:latest (podman)')
    assert runs[2].contains('Clean (dry run, nothing removed): 1 tag(s) would be removed, 0 image(s) would be pruned, 0 kept; 0 B would be freed')
    assert runs[3].contains('Removed localhost/ocisi-clean-a:latest (podman)')
    assert runs[3].contains('Clean: 1 tag(s) removed')
    assert !runs[3].contains('ocisi-clean-a-dx:latest (podman)') : 'an assembled leaf is never cleaned'
    assert runs[4].contains('ocisi-clean-a:latest: up to date: its tag was removed (clean)')
    assert runs[4].contains('Summary: 0 built, 2 up to date, 0 failed, 0 skipped')
    def exists = { String image -> new ProcessBuilder('podman', 'image', 'exists', image).start().waitFor() == 0 }
    assert exists('localhost/ocisi-clean-foreign:1') : 'the foreign image stays'
    assert run(['podman', 'run', '--rm', 'localhost/ocisi-clean-a-dx:latest', 'cat', '/a']) == 'a'
} finally {
    run(['podman', 'rm', '--force', 'ocisi-clean-a-dx'])
    ['ocisi-clean-a-dx:latest', 'ocisi-clean-a:latest', 'ocisi-clean-foreign:1', 'ocisi-clean-base:1'].each {
        run(['podman', 'rmi', "localhost/${it}"])
    }
}
return true
