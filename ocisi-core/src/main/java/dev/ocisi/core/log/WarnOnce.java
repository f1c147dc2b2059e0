package dev.ocisi.core.log;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A log that says each warning once: for a loop that asks the same question again and again (a shard's wait polls the
 * registry every few seconds), whose answer is news only the first time.
 */
public final class WarnOnce implements Log {

    private final Log log;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public WarnOnce(Log log) {
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
        if (warned.add(message)) {
            log.warn(message);
        }
    }

    @Override
    public void error(String message) {
        log.error(message);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void result(String text) {
        log.result(text);
    }
}
