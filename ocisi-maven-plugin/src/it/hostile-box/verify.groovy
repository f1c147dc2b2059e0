def log = new File(basedir, 'build.log').text.readLines().collect { it.replaceAll(/\u001B\[[;\d]*m/, '') }
def errors = log.findAll { it.startsWith('[ERROR] ') }.collect { it.substring(8) }
for (String located : ["ocisictl.yaml:8:15: hostname '\$(touch marker-hostname)' is no host name",
        "ocisictl.yaml:9:11: 'home' is '~/`touch marker-home`', which is no absolute path",
        "ocisictl.yaml:10:15: 'volumes' holds a line break",
        "ocisictl.yaml:11:24: additional flag '--env=A=\$(touch marker-flags)' holds a character",
        "ocisictl.yaml:13:3: unknown key 'x\\n[INFO] BUILD SUCCESS'"]) {
    assert errors.count { it.startsWith(located) } == 3 : located + ' once by each of list, process and assemble'
}
assert !log.any { it.startsWith('[INFO] BUILD SUCCESS') } : 'a value cannot forge a line of the log'
assert !log.any { it.startsWith('\tat ') } : 'no stack trace'
def markers = new File(basedir as String).listFiles().findAll { it.name.startsWith('marker') }
assert markers.isEmpty() : 'nothing ran on the host: ' + markers
return true
