def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[;\d]*m/, '')
def lines = log.readLines()
assert lines.count { it.startsWith('[INFO] Hierarchy ') } == 1 : 'list ran once for the reactor:\n' + log
assert lines.count { it == '[INFO] All images:' } == 1
assert !log.contains('Enabled images:') : "the project's <enabled> property is no flag"
assert log.contains('ocisi:list works on the whole hierarchy once per build: it ran in reactor-bound-once, so it is skipped in module-a')
assert log.contains('so it is skipped in module-b')
assert log.contains('BUILD SUCCESS')
return true
