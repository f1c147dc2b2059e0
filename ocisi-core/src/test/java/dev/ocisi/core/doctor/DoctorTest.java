package dev.ocisi.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Alone;
import dev.ocisi.core.EngineTest;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor on the real podman of this machine: with the containers.conf this kind of machine needs, a container
 * runs; with podman's defaults (an empty $CONTAINERS_CONF), it names the problem and the settings that fix it.
 */
public class DoctorTest {

    @TempDir
    Path dir;

    private static CommandRunner withContainersConf(Path file) {
        return new CommandRunner(command -> {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("CONTAINERS_CONF", file.toString());
            return builder;
        });
    }

    @Test
    @EngineTest
    void aContainerRunsWithThisMachinesSettings() {
        String conf = System.getenv("CONTAINERS_CONF");
        CommandRunner runner =
                conf == null ? new CommandRunner(ProcessBuilder::new) : withContainersConf(Path.of(conf));
        Finding finding = new PodmanContainerCheck(runner, "podman").run();
        assertEquals(Finding.Status.OK, finding.status(), finding.describe());
    }

    @Test
    @EngineTest
    @Alone
    void theCheckLeavesNothingInTheTempFolderWhetherTheContainerRunsOrNot() throws Exception {
        Set<Path> before = ocisiTempEntries();
        String conf = System.getenv("CONTAINERS_CONF");
        CommandRunner runner =
                conf == null ? new CommandRunner(ProcessBuilder::new) : withContainersConf(Path.of(conf));
        assertEquals(
                Finding.Status.OK,
                new PodmanContainerCheck(runner, "podman").run().status());
        Path empty = Files.writeString(dir.resolve("containers.conf"), "");
        assertEquals(
                Finding.Status.PROBLEM,
                new PodmanContainerCheck(withContainersConf(empty), "podman")
                        .run()
                        .status());
        assertEquals(Set.of(), leftSince(before), "podman fills the scratch folder; all of it is removed");
    }

    /**
     * The ocisi entries of the temp folder that are new since {@code before} and stay: a file another process on
     * the machine holds for a moment (a podman build's id file) is gone within seconds, a leak is not.
     */
    public static Set<Path> leftSince(Set<Path> before) throws Exception {
        Set<Path> left = ocisiTempEntries();
        left.removeAll(before);
        for (int wait = 0; wait < 50 && !left.isEmpty(); wait++) {
            Thread.sleep(100);
            left.retainAll(ocisiTempEntries());
        }
        return left;
    }

    public static Set<Path> ocisiTempEntries() throws java.io.IOException {
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("ocisi-"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    @Test
    @EngineTest
    void withoutTheContainersConfFixTheProblemAndTheFixAreNamed() throws Exception {
        Path empty = Files.writeString(dir.resolve("containers.conf"), "");
        Finding finding = new PodmanContainerCheck(withContainersConf(empty), "podman").run();
        assertEquals(Finding.Status.PROBLEM, finding.status(), finding.describe());
        assertTrue(
                finding.describe().contains("default_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"]"),
                finding.describe());
        assertTrue(finding.describe().contains("runtime = \"runc\""), finding.describe());
        assertTrue(finding.detail().contains("every RUN step of a build fails"), finding.detail());
    }

    @Test
    void diagnosesTheCgroupFailureOfCrun() {
        Finding finding = PodmanContainerCheck.diagnose("Error: crun: cannot set up cgroup: mixed cgroup layout");
        assertTrue(finding.detail().contains("cannot set up this machine's cgroups"), finding.detail());
        assertTrue(finding.fix().orElseThrow().contains("cgroup_manager = \"cgroupfs\""));
    }

    @Test
    void measuresFreeDiskOncePerFilesystem() {
        List<Finding> findings = Doctor.disk(List.of(dir, dir.resolve("not/made/yet")));
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(
                findings.get(0).detail().matches("\\d+\\.\\d GiB free for .*"),
                findings.get(0).detail());
    }

    @Test
    @EngineTest
    void debootstrapForRootMmdebstrapForAUserEachFoundWithItsVersionOrMissingWithTheFix() {
        Doctor here = new Doctor(EngineSettings.defaults(), System.getenv(), new CommandRunner(ProcessBuilder::new));
        Finding found = here.debootstrap(true);
        assertEquals(Finding.Status.OK, found.status(), found.describe());
        assertTrue(found.detail().startsWith("debootstrap 1."), found.detail());
        Finding user = here.debootstrap(false);
        assertEquals(Finding.Status.OK, user.status(), user.describe());
        assertTrue(user.detail().startsWith("mmdebstrap 1."), user.detail());
        Doctor without = new Doctor(
                EngineSettings.defaults(),
                System.getenv(),
                new CommandRunner(command -> new ProcessBuilder(java.util.stream.Stream.concat(
                                java.util.stream.Stream.of("/nonexistent/" + command.get(0)),
                                command.stream().skip(1))
                        .toList())));
        Finding missing = without.debootstrap(true);
        assertEquals(Finding.Status.PROBLEM, missing.status());
        assertEquals("apt-get install debootstrap", missing.fix().orElseThrow());
        assertEquals(
                "apt-get install mmdebstrap", without.debootstrap(false).fix().orElseThrow());
    }
}
