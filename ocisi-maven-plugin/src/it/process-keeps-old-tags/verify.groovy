def run = new GroovyShell().evaluate(new File(itShared, 'run.groovy'))
def id = { String image -> run(['podman', 'image', 'inspect', '--format', '{{.Id}}', image]) }
try {
    def logs = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[;\d]*m/, '')
    // invocation 1 built all four; invocation 2 (its log follows) failed on b only
    def second = logs.substring(logs.lastIndexOf('Scanning for projects'))
    assert second.contains('Summary: 1 built, 1 up to date, 1 failed, 1 skipped')
    assert second =~ /ocisi-it-b:latest\s+failed\s+[\d.]+ s\s+podman build exited with 4: .*exit status 4/
    assert second =~ /ocisi-it-b-dx:latest\s+skipped\s+-\s+needs ocisi-it-b:latest, which failed/
    assert second.contains('[ocisi-it-b:latest] b is broken') : 'the failing step shows its output'
    assert second.contains('localhost/ocisi-it-b:latest keeps the image it had')
    assert second.contains('MojoFailureException')
    // b and b-dx still hold the first run's images and still run
    assert run(['podman', 'run', '--rm', 'localhost/ocisi-it-b:latest', 'cat', '/b']) == 'b'
    assert run(['podman', 'run', '--rm', 'localhost/ocisi-it-b-dx:latest', 'cat', '/user']) == System.getProperty('user.name')
    // the sibling was rebuilt from the second file
    assert run(['podman', 'run', '--rm', 'localhost/ocisi-it-c:latest', 'cat', '/c']) == 'c2'
    assert run(['podman', 'image', 'inspect', '--format', '{{index .Labels "dev.ocisi.built-by"}}', 'localhost/ocisi-it-c:latest']) == 'ocisi'
} finally {
    ['ocisi-it-b-dx', 'ocisi-it-c', 'ocisi-it-b', 'ocisi-it-a', 'ocisi-it-base:1'].each {
        run(['podman', 'rmi', it.contains(':') ? "localhost/${it}" : "localhost/${it}:latest"])
    }
}
return true
