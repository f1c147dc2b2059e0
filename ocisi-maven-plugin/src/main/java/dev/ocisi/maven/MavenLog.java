package dev.ocisi.maven;

import dev.ocisi.core.log.Log;

/** ocisi-core's log, written to Maven's. */
final class MavenLog implements Log {

    private final org.apache.maven.plugin.logging.Log log;

    MavenLog(org.apache.maven.plugin.logging.Log log) {
        this.log = log;
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void error(String message) {
        log.error(message);
    }

    /** Standard output, bare: {@code mvn -q ... -Docisi.format=json} prints only this. */
    @Override
    public void result(String text) {
        System.out.println(text);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }
}
