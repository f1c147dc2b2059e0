def run = new GroovyShell().evaluate(new File(itShared, 'run.groovy'))
def id = { String image -> run(['podman', 'image', 'inspect', '--format', '{{.Id}}', image]) }
try {
    def logs = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[;\d]*m/, '')
    assert !logs.contains('It-Password-Never-Shown-42') : 'the password shows nowhere, not even at -X'
    def runs = logs.split('Scanning for projects')
    assert runs.length == 5 : 'four invocations'
    def process = runs[1], push = runs[2], pullOnly = runs[3], status = runs[4]
    assert process.contains('[DEBUG]') : 'the first run is at -X'
    assert process.contains('[DEBUG] Registry localhost:5555/ocisi-it: login ocisi-it for localhost:5555 (settings.xml server localhost:5555, password hidden)')
    assert process =~ /(Pushed|Published already:) localhost:5555\/ocisi-it\/ocisi-it-pub:latest/
    assert process =~ /ocisi-it-pub-child:latest\s+localhost:5555\/ocisi-it\/ocisi-it-pub-child:latest\s+(pushed|already there)/
    // the registry's tag names the image in the store: its config digest is the image's id
    ['ocisi-it-pub', 'ocisi-it-pub-child'].each { image ->
        def manifest = new groovy.json.JsonSlurper().parse(new URL("http://localhost:5555/v2/ocisi-it/${image}/manifests/latest")
                .openConnection().with { setRequestProperty('Accept', 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'); it }.inputStream)
        assert manifest.config.digest == "sha256:" + id("localhost/${image}:latest") : image
    }
    assert push.contains('nothing uploaded: the registry has it under inputs-') : 'push of unchanged images uploads nothing'
    // each image's bill of materials: written by process, attached to the pushed image, listed by status
    assert process.contains('Bills of materials (SPDX 2.3) in target/ocisi/sbom: ocisi-it-pub:latest ')
    assert new File(basedir, 'target/ocisi/sbom/ocisi-it-pub-child.spdx.json').text.contains('"spdxVersion" : "SPDX-2.3"')
    assert process =~ /SBOM \(no package database\) attached/ : 'busybox images: nothing to list, and said so'
    assert push =~ /SBOM \(no package database\) attached already/ : 'a second push attaches nothing again'
    ['ocisi-it-pub', 'ocisi-it-pub-child'].each { image ->
        def accept = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
        def tagged = new URL("http://localhost:5555/v2/ocisi-it/${image}/manifests/latest").openConnection()
        tagged.setRequestProperty('Accept', accept)
        def digest = tagged.getHeaderField('Docker-Content-Digest')
        def index = new groovy.json.JsonSlurper().parse(new URL("http://localhost:5555/v2/ocisi-it/${image}/manifests/${digest.replace(':', '-')}")
                .openConnection().with { setRequestProperty('Accept', 'application/vnd.oci.image.index.v1+json'); it }.inputStream)
        assert index.manifests.count { it.artifactType == 'application/spdx+json' } == 1 : "${image}: ${index}"
    }
    assert status =~ /IMAGE\s+PACKAGES\s+ADDED\s+CHANGED FROM THE IMAGE BEFORE\s+BILL OF MATERIALS/
    assert status.contains('target/ocisi/sbom/ocisi-it-pub-child.spdx.json')
    assert !(push =~ /Pushing ocisi-it/)
    // the push goal's run is in the history, as process runs are
    assert status =~ /Last run [^ ]+: succeeded, .*0 built, 0 up to date, 0 failed, 2 of 2 pushed/
    assert pullOnly.contains('ocisi-it-unpublished:latest: not published in localhost:5555/ocisi-it yet (no image built from these inputs); -Docisi.pullOnly never builds')
    assert pullOnly.contains('1 of 1 images are not published (-Docisi.pullOnly)')
    assert run(['podman', 'image', 'exists', 'localhost/ocisi-it-unpublished:latest']) == '' && 
            new ProcessBuilder('podman', 'image', 'exists', 'localhost/ocisi-it-unpublished:latest').start().waitFor() != 0 : 'nothing was built'
} finally {
    ['ocisi-it-pub-child', 'ocisi-it-pub', 'ocisi-it-pub-base:1'].each {
        run(['podman', 'rmi', it.contains(':') ? "localhost/${it}" : "localhost/${it}:latest"])
    }
}
return true
