package dev.ocisi.core.config;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What this machine has for a VM: its processors and memory, as the JVM sees them (container limits included).
 *
 * @param memoryBytes 0 when the JVM cannot tell
 */
public record HostResources(int cpus, long memoryBytes) {

    public static HostResources current() {
        long memory = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new HostResources(Runtime.getRuntime().availableProcessors(), memory);
    }

    /** The memory as a person reads it: {@code 23.4 GiB}. */
    public String memoryText() {
        return String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (double) (1L << 30));
    }
}
