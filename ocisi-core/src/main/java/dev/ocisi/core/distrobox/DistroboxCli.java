package dev.ocisi.core.distrobox;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.problem.ToolException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The distrobox command, run from argument lists with {@code DBX_CONTAINER_MANAGER} set per box. */
public final class DistroboxCli {

    /** {@code assemble} came with 1.5. */
    static final int[] MINIMUM = {1, 5};

    private static final String FIX = "install distrobox 1.5 or newer: Debian 12's package is 1.4; "
            + "Debian trixie's 1.8 is pure shell (ocisi's scripts/demo.sh unpacks it into ~/.cache/ocisi-demo/tools "
            + "without installing it), or see https://distrobox.it for other ways; then give its path with "
            + "-Docisi.distrobox=/path/to/distrobox if it is not on PATH";

    private final String executable;
    private final Function<List<String>, ProcessBuilder> processes;

    public DistroboxCli(String executable, Function<List<String>, ProcessBuilder> processes) {
        this.executable = executable;
        this.processes = processes;
    }

    public static DistroboxCli onPath(String executable) {
        return new DistroboxCli(executable, ProcessBuilder::new);
    }

    /** The version, checked: a missing or too old distrobox fails with the fix. */
    public String checkedVersion() throws ToolException {
        CommandRunner.Result result;
        try {
            result = new CommandRunner(processes).run(List.of(executable, "version"));
        } catch (ToolException e) {
            throw new ToolException(
                    "distrobox is needed to assemble boxes and cannot be run as '" + executable + "': " + FIX, e);
        }
        Matcher version = Pattern.compile("(\\d+)\\.(\\d+)[\\d.]*").matcher(result.stdout() + result.stderr());
        if (!result.ok() || !version.find()) {
            throw new ToolException("cannot tell distrobox's version from '" + executable + " version': "
                    + (result.stdout() + result.stderr()).strip() + "; " + FIX);
        }
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        if (major < MINIMUM[0] || (major == MINIMUM[0] && minor < MINIMUM[1])) {
            throw new ToolException(
                    "distrobox " + version.group() + " at '" + executable + "' has no assemble: " + FIX);
        }
        return version.group();
    }

    /** {@code distrobox assemble create --file F --name BOX [--replace]} under the box's manager. */
    public int assemble(Path file, String box, boolean replace, Manager manager, Consumer<String> output)
            throws ToolException {
        List<String> command =
                new ArrayList<>(List.of(executable, "assemble", "create", "--file", file.toString(), "--name", box));
        if (replace) {
            command.add("--replace");
        }
        return withManager(manager).stream(command, output);
    }

    /** {@code distrobox enter BOX -- COMMAND...}: what a user types, for checks. */
    public CommandRunner.Result enter(String box, Manager manager, List<String> command) throws ToolException {
        List<String> full = new ArrayList<>(List.of(executable, "enter", box, "--"));
        full.addAll(command);
        return withManager(manager).run(full);
    }

    private CommandRunner withManager(Manager manager) {
        return new CommandRunner(command -> {
            ProcessBuilder builder = processes.apply(command);
            builder.environment().put("DBX_CONTAINER_MANAGER", manager.toString());
            return builder;
        });
    }
}
