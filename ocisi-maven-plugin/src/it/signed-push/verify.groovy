import java.nio.file.Files
import java.security.MessageDigest

def run = new GroovyShell().evaluate(new File(itShared, 'run.groovy'))
try {
    def logs = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[;\d]*m/, '')
    assert !logs.contains('It-Passphrase-Never-Shown-7') : 'the passphrase shows nowhere, not even at -X'
    def runs = logs.split('Scanning for projects')
    assert runs.length == 8 : 'seven invocations'
    def keygen = runs[1], again = runs[2], process = runs[3], push = runs[4], trust = runs[5], withKeys = runs[6], missing = runs[7]
    assert keygen.contains('[DEBUG]') && process.contains('[DEBUG]') : 'keygen and process ran at -X'
    def key = new File(basedir, 'ocisi.key'), pub = new File(basedir, 'ocisi.pub')
    assert key.text.startsWith('-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----')
    assert pub.text.startsWith('-----BEGIN PUBLIC KEY-----')
    assert Files.getPosixFilePermissions(key.toPath()).collect { it.toString() }.sort() == ['OWNER_READ', 'OWNER_WRITE']
    assert again.contains("ocisi.key exists: keygen never replaces a key (what it signed would no longer verify). Use it, or move it away first")
    assert process =~ /Pushed localhost:5555\/ocisi-it-sig\/ocisi-it-signed:latest \(pushed under inputs-[0-9a-f]+; signed with [^ ]*ocisi.key;/ ||
            process =~ /Published already: localhost:5555\/ocisi-it-sig\/ocisi-it-signed:latest \(nothing uploaded: the registry has it under inputs-[0-9a-f]+; signed with [^ ]*ocisi.key/
    assert push.contains('signed already by') : 'a second push signs nothing again'
    // the signature is where cosign and podman look: the tag sha256-HEX.sig beside the image
    def manifest = new URL('http://localhost:5555/v2/ocisi-it-sig/ocisi-it-signed/manifests/latest').openConnection().with {
        setRequestProperty('Accept', 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json')
        it.inputStream.bytes
    }
    def digest = MessageDigest.getInstance('SHA-256').digest(manifest).encodeHex().toString()
    def signatures = new groovy.json.JsonSlurper().parse(new URL("http://localhost:5555/v2/ocisi-it-sig/ocisi-it-signed/manifests/sha256-${digest}.sig")
            .openConnection().with { setRequestProperty('Accept', 'application/vnd.oci.image.manifest.v1+json'); it }.inputStream)
    assert signatures.layers.size() == 1 : 'one signature of the key, however often pushed'
    assert signatures.layers[0].mediaType == 'application/vnd.dev.cosign.simplesigning.v1+json'
    assert signatures.layers[0].annotations['dev.cosignproject.cosign/signature']
    // trust: the policy wants the key's signature for the namespace, the key in it whole
    def policy = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ocisi/trust/policy.json'))
    def requirement = policy.transports.docker['localhost:5555/ocisi-it-sig'][0]
    assert requirement.type == 'sigstoreSigned' && requirement.signedIdentity.type == 'matchRepository'
    assert new String(requirement.keyData.decodeBase64(), 'US-ASCII') == pub.text
    assert new File(basedir, 'target/ocisi/trust/ocisi.yaml').text.contains('"localhost:5555/ocisi-it-sig":\n    use-sigstore-attachments: true')
    assert trust.contains('cp ') && trust.contains('~/.config/containers/registries.d/')
    // the same keys named in the hierarchy file: the push is signed (already) and the run checks with the public key
    assert withKeys =~ /Published already: localhost:5555\/ocisi-it-sig\/ocisi-it-signed:latest \(nothing uploaded: [^)]*; signed already by [^ ;]*ocisi.key/
    assert missing.contains("missing-key.yaml:1:") && missing.contains("'verify' names keys/missing.pub, which is no file")
} finally {
    ['ocisi-it-signed', 'ocisi-it-sig-base:1'].each {
        run(['podman', 'rmi', it.contains(':') ? "localhost/${it}" : "localhost/${it}:latest"])
    }
}
return true
