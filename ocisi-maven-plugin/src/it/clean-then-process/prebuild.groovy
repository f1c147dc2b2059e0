def run = new GroovyShell(new Binding([basedir: basedir, reference: 'localhost/ocisi-clean-base:1']))
        .evaluate(new File(itShared, 'import-busybox.groovy'))
// a foreign image in the same store, with a name like the hierarchy's
run(['podman', 'tag', 'localhost/ocisi-clean-base:1', 'localhost/ocisi-clean-foreign:1'])
return true
