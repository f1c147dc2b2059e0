def run = new GroovyShell().evaluate(new File(itShared, 'run.groovy'))
try {
    def logs = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[;\d]*m/, '')
    def runs = logs.split('Scanning for projects')
    def passed = runs[2]
    assert passed.contains('[INFO]   | in the VM: it-works')
    assert passed.contains('[INFO]   | sh') : 'the fast init: a shell is process 1'
    assert passed.contains('The command ended with exit status 0')
    assert passed.contains('BUILD SUCCESS')
    def failed = runs[3]
    assert failed.contains('[INFO]   | failing on purpose')
    assert failed.contains('the command in the VM of ocisi-it-vm:latest ended with exit status 3')
    assert failed =~ /ended with exit status 3 .*its last lines:\s*\n\[ERROR\] failing on purpose/
    assert failed.contains('MojoFailureException')
    assert new File(basedir, 'vm/ocisi-it-vm@latest/current/vmlinux').isFile() : 'the kernel unpacked for PVH'
} finally {
    run(['podman', 'rmi', 'localhost/ocisi-it-vm:latest'])
    run(['podman', 'rmi', 'localhost/ocisi-it-vmbase:1'])
}
return true
