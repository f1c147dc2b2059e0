def log = new File(basedir, 'build.log').text
assert log.contains('ocisi: skipped (ocisi.skip)')
assert log.contains('BUILD SUCCESS')
return true
