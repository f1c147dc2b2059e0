package dev.ocisi.core.engine;

import dev.ocisi.core.problem.ToolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs external programs from argument lists, never through a shell. The {@code ProcessBuilder} factory is the seam:
 * tests give one that records the exact argument vector.
 */
public final class CommandRunner {

    /** What a finished command said. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Function<List<String>, ProcessBuilder> processes;

    public CommandRunner(Function<List<String>, ProcessBuilder> processes) {
        this.processes = processes;
    }

    /** Runs to the end, keeping standard output and error apart (output is often JSON). */
    public Result run(List<String> command) throws ToolException {
        Process process = start(processes.apply(command), command);
        StringBuilder stderr = new StringBuilder();
        Thread errors =
                drain(process.getErrorStream(), line -> stderr.append(line).append('\n'));
        try {
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = waitFor(process, command);
            errors.join();
            return new Result(exit, stdout, stderr.toString());
        } catch (IOException e) {
            process.destroyForcibly();
            throw new ToolException("lost the output of " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while running " + String.join(" ", command.subList(0, 2)));
        }
    }

    /** Runs to the end with standard output written to {@code output} (binary data), standard error kept. */
    public Result runToFile(List<String> command, Path output) throws ToolException {
        Process process = start(processes.apply(command).redirectOutput(output.toFile()), command);
        StringBuilder stderr = new StringBuilder();
        Thread errors =
                drain(process.getErrorStream(), line -> stderr.append(line).append('\n'));
        int exit = waitFor(process, command);
        try {
            errors.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while running " + command.get(0));
        }
        return new Result(exit, "", stderr.toString());
    }

    /**
     * Runs to the end, passing each line of standard output and error, merged, as it comes. Interrupting the calling
     * thread stops the program.
     */
    public int stream(List<String> command, Consumer<String> lines) throws ToolException {
        ProcessBuilder builder = processes.apply(command).redirectErrorStream(true);
        Process process = start(builder, command);
        Thread reader = drain(process.getInputStream(), lines);
        int exit = waitFor(process, command);
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while running " + String.join(" ", command.subList(0, 2)));
        }
        return exit;
    }

    private static int waitFor(Process process, List<String> command) throws ToolException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            // a stopped program gets a moment to end, so that what comes after does not race it
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException again) {
                process.destroyForcibly();
            }
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while running " + String.join(" ", command.subList(0, 2)));
        }
    }

    /**
     * The system folders for programs only root used to run, which a user's PATH lacks (Debian puts mkfs.ext4 and
     * debootstrap in /usr/sbin): a user without root runs them too (in podman's user namespace).
     */
    static final List<Path> SYSTEM_FOLDERS = List.of(Path.of("/usr/sbin"), Path.of("/sbin"));

    /**
     * The program as this process's PATH finds it, or in a system folder: for a program another one runs (podman
     * unshare mkfs.ext4), which looks it up on the same PATH.
     */
    public static String locate(String program) {
        return locate(program, System.getenv("PATH"), SYSTEM_FOLDERS);
    }

    /** The program by its name on PATH, or in a system folder when PATH lacks it; else the name as it was. */
    static String locate(String program, String path, List<Path> systemFolders) {
        if (program.contains("/")) {
            return program;
        }
        for (String folder : (path == null ? "" : path).split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return program;
            }
        }
        for (Path folder : systemFolders) {
            if (Files.isExecutable(folder.resolve(program))) {
                return folder.resolve(program).toString();
            }
        }
        return program;
    }

    private static Process start(ProcessBuilder builder, List<String> command) throws ToolException {
        if (!builder.command().isEmpty()) {
            List<String> located = new java.util.ArrayList<>(builder.command());
            located.set(0, locate(located.get(0), builder.environment().get("PATH"), SYSTEM_FOLDERS));
            builder.command(located);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new ToolException(
                    "cannot run " + command.get(0) + " (" + e.getMessage() + "); is it installed? "
                            + "On Debian: apt-get install " + debianPackage(command.get(0)),
                    e);
        }
    }

    /** The Debian package that has the program, for the fix in a message. */
    public static String debianPackage(String program) {
        String name = Path.of(program).getFileName().toString();
        return switch (name) {
            case "mkfs.ext4" -> "e2fsprogs";
            case "qemu-img" -> "qemu-utils";
            case "qemu-system-x86_64" -> "qemu-system-x86";
            default -> name;
        };
    }

    private static Thread drain(InputStream stream, Consumer<String> lines) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            lines.accept(line);
                        }
                    } catch (IOException e) {
                        // the stream closes under the reader when the program is stopped: the end of its output
                    }
                },
                "ocisi-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
