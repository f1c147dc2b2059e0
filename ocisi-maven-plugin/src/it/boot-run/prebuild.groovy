// The kernel and initrd: Debian's, from the image the core tests' VmDiskBootTest builds (it runs before the ITs in
// the test command); copied out without starting a container.
def kernelImage = 'localhost/ocisi-test-vm-kernel:latest'
def run = { List<String> command ->
    def process = new ProcessBuilder(command*.toString()).redirectErrorStream(true).start()
    def output = process.inputStream.text.trim()
    assert process.waitFor() == 0 : "${command.join(' ')} failed: ${output}"
    output
}
def kernels = new File(basedir, 'kernel')
kernels.mkdirs()
def container = run(['podman', 'create', kernelImage, '/bin/true'])
try {
    def files = run(['podman', 'run', '--rm', kernelImage, 'sh', '-c', 'ls /boot/vmlinuz-* /boot/initrd.img-*'])
            .readLines()
    run(['podman', 'cp', "${container}:${files.find { it.contains('vmlinuz') }}", new File(kernels, 'vmlinuz').path])
    run(['podman', 'cp', "${container}:${files.find { it.contains('initrd') }}", new File(kernels, 'initrd.img').path])
} finally {
    run(['podman', 'rm', container])
}
new GroovyShell(new Binding([basedir: basedir, reference: 'localhost/ocisi-it-vmbase:1']))
        .evaluate(new File(itShared, 'import-busybox.groovy'))
return true
