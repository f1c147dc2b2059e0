// The base: busybox, which holds only /bin. The kernel and initrd: Debian's, from the image the core tests'
// VmDiskBootTest builds (it runs before the ITs in the test command), copied out without starting a container.
def run = new GroovyShell(new Binding([basedir: basedir, reference: 'localhost/ocisi-it-vmbase:1']))
        .evaluate(new File(itShared, 'import-busybox.groovy'))
def kernelImage = 'localhost/ocisi-test-vm-kernel:latest'
def kernels = new File(basedir, 'kernel')
kernels.mkdirs()
def files = run(['podman', 'run', '--rm', kernelImage, 'sh', '-c', 'ls /boot/vmlinuz-* /boot/initrd.img-*']).readLines()
def container = run(['podman', 'create', kernelImage, '/bin/true']).trim()
try {
    run(['podman', 'cp', "${container}:${files.find { it.contains('vmlinuz') }.trim()}", new File(kernels, 'vmlinuz').path])
    run(['podman', 'cp', "${container}:${files.find { it.contains('initrd') }.trim()}", new File(kernels, 'initrd.img').path])
} finally {
    run(['podman', 'rm', container])
}
return true
