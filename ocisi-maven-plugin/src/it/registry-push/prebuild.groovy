new GroovyShell(new Binding([basedir: basedir, reference: 'localhost/ocisi-it-pub-base:1']))
        .evaluate(new File(itShared, 'import-busybox.groovy'))
// inputs no run has had before: nothing can be published under them
new File(basedir, 'img/Containerfile.ocisi-it-unpublished').text =
        "FROM localhost/ocisi-it-pub-base:1\nRUN echo ${UUID.randomUUID()} > /never\n"
return true
