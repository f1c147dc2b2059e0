new GroovyShell(new Binding([basedir: basedir, reference: 'localhost/ocisi-it-base:1']))
        .evaluate(new File(itShared, 'import-busybox.groovy'))
return true
