// A tiny base without any registry: busybox-static's root filesystem, imported into podman as `reference`.
// Run by the prebuild scripts of the cases that build, with `basedir` and `reference` bound.
def root = new File(basedir, 'rootfs')
new File(root, 'bin').mkdirs()
def run = { List<String> command ->
    def process = new ProcessBuilder(command*.toString()).redirectErrorStream(true).start()
    def output = process.inputStream.text
    assert process.waitFor() == 0 : "${command.join(' ')} failed: ${output}"
    output
}
run(['cp', '/bin/busybox', new File(root, 'bin/busybox').path])
run(['/bin/busybox', '--list']).readLines().findAll { it && it != 'busybox' }.each {
    java.nio.file.Files.createSymbolicLink(new File(root, "bin/${it}").toPath(), java.nio.file.Paths.get('busybox'))
}
run(['tar', '-C', root.path, '-cf', new File(basedir, 'rootfs.tar').path, '.'])
run(['podman', 'import', '--quiet', new File(basedir, 'rootfs.tar').path, reference])
return run
