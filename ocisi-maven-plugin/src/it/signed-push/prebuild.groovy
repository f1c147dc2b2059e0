new GroovyShell(new Binding([basedir: basedir, reference: 'localhost/ocisi-it-sig-base:1']))
        .evaluate(new File(itShared, 'import-busybox.groovy'))
// a pair left by an earlier run of this case would make the first keygen fail
['ocisi.key', 'ocisi.pub'].each { new File(basedir, it).delete() }
return true
