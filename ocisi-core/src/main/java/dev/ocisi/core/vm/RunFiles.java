package dev.ocisi.core.vm;

import java.nio.file.Path;

/** The files of a running VM, in its image's run folder. */
record RunFiles(Path folder) {

    Path consoleLog() {
        return folder.resolve("console.log");
    }

    Path socket() {
        return folder.resolve("console.sock");
    }

    Path pidFile() {
        return folder.resolve("qemu.pid");
    }
}
