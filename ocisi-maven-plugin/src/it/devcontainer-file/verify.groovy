// ocisi:devcontainer as a user runs it: the file of the only dev container image, then the same file for Docker's
// store (ocisi's own file, replaced), then a person's file, which stays
def file = new File(basedir, 'project/.devcontainer/devcontainer.json')
assert file.text == '{\n  "image": "dc-tool-dx:latest",\n  "runArgs": ["--init"]\n}\n' : file.text
def log = new File(basedir, 'build.log').text.readLines().collect { it.replaceAll(/\u001B\[[;\d]*m/, '') }
assert log.any { it.contains('Wrote ') && it.contains('project/.devcontainer/devcontainer.json for dc-tool-dx:latest (localhost/dc-tool-dx:latest)') }
assert log.any { it.contains('(dc-tool-dx:latest); in that folder: devcontainer up --workspace-folder .') }
def errors = log.findAll { it.startsWith('[ERROR] ') }.join('\n')
assert errors.contains('a devcontainer.json is there already and holds more than ocisi writes for dc-tool-dx:latest (its name and runArgs), so it is kept') : errors
assert new File(basedir, 'theirs/.devcontainer/devcontainer.json').text.startsWith("// a person's own file")
assert !log.any { it.startsWith('\tat ') } : 'no stack trace'
return true
