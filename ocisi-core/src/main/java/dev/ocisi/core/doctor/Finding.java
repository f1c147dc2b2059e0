package dev.ocisi.core.doctor;

import java.util.Optional;

/**
 * What one check found.
 *
 * @param subject what was checked ("podman CLI", "QEMU")
 * @param detail  what was found (a version, a path, the error)
 * @param fix     what to do about a problem
 */
public record Finding(String subject, Status status, String detail, Optional<String> fix) {

    /** OK; a WARNING leaves ocisi working without the thing (a VM without KVM); a PROBLEM stops what needs it. */
    public enum Status {
        OK,
        WARNING,
        PROBLEM
    }

    static Finding ok(String subject, String detail) {
        return new Finding(subject, Status.OK, detail, Optional.empty());
    }

    static Finding warning(String subject, String detail, String fix) {
        return new Finding(subject, Status.WARNING, detail, Optional.of(fix));
    }

    static Finding problem(String subject, String detail, String fix) {
        return new Finding(subject, Status.PROBLEM, detail, Optional.of(fix));
    }

    /** One line, and the fix on the next when there is one. */
    public String describe() {
        return subject + ": " + detail + fix.map(f -> "\n    fix: " + f).orElse("");
    }
}
