// The base: busybox, which holds only /bin. The kernel and initrd: Debian's, which the core tests' VmDiskBootTest
// makes (the test command runs it before the ITs) and leaves beside $OCISI_BOX_ROOTFS, in vm-kernel.
def run = new GroovyShell(new Binding([basedir: basedir, reference: 'localhost/ocisi-it-vmbase:1']))
        .evaluate(new File(itShared, 'import-busybox.groovy'))
def rootfs = System.getenv('OCISI_BOX_ROOTFS')
assert rootfs : 'this case needs $OCISI_BOX_ROOTFS, as scripts/test.sh sets it'
def shared = new File(new File(rootfs).parentFile, 'vm-kernel')
def kernels = new File(basedir, 'kernel')
kernels.mkdirs()
['vmlinuz', 'initrd.img'].each { name ->
    def file = new File(shared, name)
    assert file.isFile() : "no ${file}: ocisi-core's VmDiskBootTest leaves Debian's kernel there; run the core tests first"
    java.nio.file.Files.copy(file.toPath(), new File(kernels, name).toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING)
}
return true
