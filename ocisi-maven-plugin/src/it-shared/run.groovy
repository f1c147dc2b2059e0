// Runs a program from an argument list (no shell) and returns what it printed, standard error merged, trimmed; the
// exit status is the caller's to check. The verify scripts take it with
// def run = new GroovyShell().evaluate(new File(itShared, 'run.groovy'))
return { List<String> command ->
    def process = new ProcessBuilder(command*.toString()).redirectErrorStream(true).start()
    def output = process.inputStream.text.trim()
    process.waitFor()
    output
}
