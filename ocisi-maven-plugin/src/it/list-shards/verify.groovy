import groovy.json.JsonSlurper

def plan = new JsonSlurper().parse(new File(basedir, 'target/ocisi/plan.json'))
assert plan.shards == 2
// the 300-second image and the base it is built on are one chain: one runner; the fast branch is the other's
def byShard = plan.assignment.collectEntries { [(it.index): it.images] }
assert byShard[1] == ['it-shard-base:latest', 'it-shard-slow:latest'] : plan.assignment
assert byShard[2] == ['it-shard-fast:latest', 'it-shard-fast-leaf:latest'] : plan.assignment
assert plan.assignment[1].waitsFor == [[image: 'it-shard-base:latest', shard: 1]]
assert plan.durations['it-shard-slow:latest'] == 300
def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[;\d]*m/, '')
assert log.contains("-Docisi.shard: '3/2': K must be between 1 and N (2)") : log
assert !log.contains('\tat ') : 'no stack trace for bad input'
return true
