def log = new File(basedir, 'build.log').text.readLines().collect { it.replaceAll(/\u001B\[[;\d]*m/, '') }
def errors = log.findAll { it.startsWith('[ERROR] ') }.collect { it.substring(8) }
def text = errors.join('\n')
assert text.contains(': 5 problems in the hierarchy:')
assert errors.contains("ocisictl.yaml:2:9: folder 'img' does not exist; 'path' names the folder that holds the Containerfile, relative to the hierarchy file")
assert errors.contains("ocisictl.yaml:3:12: 'enabled' must be true or false, found the string \"sure\"")
assert errors.contains("ocisictl.yaml:4:3: unknown key 'tga'; did you mean 'tag'?")
assert errors.contains("ocisictl.yaml:5:9: 'Base' is no valid image name: lower-case letters and digits, separated by '.', '_', '__' or dashes; try 'base'")
assert errors.contains("ocisictl.yaml:6:9: folder 'missing' does not exist; 'path' names the folder that holds the Containerfile, relative to the hierarchy file")
assert text.contains('MojoFailureException') : 'bad input is a build failure, not an execution error'
assert !log.any { it.startsWith('\tat ') || it.contains('Exception:') } : 'no stack trace'
return true
