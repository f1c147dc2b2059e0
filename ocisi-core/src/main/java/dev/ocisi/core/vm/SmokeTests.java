package dev.ocisi.core.vm;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.VmSettings;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.ConfigurationException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The disks {@code process} makes: each new disk of an image with {@code vm.smoke} boots with that command before it
 * becomes current. A disk whose command fails is dropped, and the disk that was current stays so; the image itself
 * stays built (it is what the failure is about, and its children were built on it).
 */
public final class SmokeTests {

    private final DiskMaker maker;
    private final VmBooter booter;
    private final BootOptions options;
    private final Log log;

    /** @param options how smoke tests boot: a snapshot of the disk, the accelerator that works here */
    public SmokeTests(DiskMaker maker, VmBooter booter, BootOptions options, Log log) {
        this.maker = maker;
        this.booter = booter;
        this.options = options;
        this.log = log;
    }

    /** What making the disks did. */
    public record Outcome(List<VmDisk> disks, List<Result> smokes) {
        public Outcome {
            disks = List.copyOf(disks);
            smokes = List.copyOf(smokes);
        }

        public List<Result> failed() {
            return smokes.stream().filter(s -> !s.passed()).toList();
        }
    }

    /**
     * One smoke test.
     *
     * @param run    the command's run, when the guest ran it to its end
     * @param detail what failed (with the console's last lines), or what the command printed last
     */
    public record Result(String image, boolean passed, Duration time, Optional<GuestRun> run, String detail) {}

    public Outcome makeAll(List<ImageSpec> specs)
            throws ConfigurationException, EngineException, VmException, IOException {
        List<VmDisk> disks = new ArrayList<>();
        List<Result> smokes = new ArrayList<>();
        for (ImageSpec spec : specs) {
            Optional<String> smoke = spec.vm().flatMap(VmSettings::smoke);
            try (DiskMaker.Candidate candidate = maker.prepare(spec)) {
                if (!candidate.isNew()) {
                    disks.add(candidate.disk());
                    continue;
                }
                if (smoke.isEmpty()) {
                    disks.add(candidate.promote());
                    continue;
                }
                Result result = smoke(spec, candidate.disk(), smoke.get());
                smokes.add(result);
                if (result.passed()) {
                    log.info("Smoke test of " + spec.id() + " passed in " + VmBooter.seconds(result.time()));
                    disks.add(candidate.promote());
                } else {
                    log.error("Smoke test of " + spec.id() + " failed: " + result.detail());
                    log.error("The new image " + spec.id() + " is kept; its new disk is dropped, and "
                            + candidate
                                    .previous()
                                    .map(p -> "the previous disk stays current: " + p.disk())
                                    .orElse("it has no disk"));
                    candidate
                            .previous()
                            .map(p -> new VmDisk(p, false, "the new disk failed its smoke test"))
                            .ifPresent(disks::add);
                }
            }
        }
        return new Outcome(disks, smokes);
    }

    private Result smoke(ImageSpec spec, VmDisk disk, String command) throws IOException {
        VmSettings settings = spec.vm().orElseThrow();
        long started = System.nanoTime();
        try {
            GuestRun run = booter.run(spec, disk.disk(), options, command, settings.init());
            Duration time = Duration.ofNanos(System.nanoTime() - started);
            return new Result(
                    spec.id().toString(),
                    run.passed(),
                    time,
                    Optional.of(run),
                    run.passed()
                            ? String.join("\n", run.tail())
                            : run.failure(spec.id().toString()));
        } catch (VmException e) {
            return new Result(
                    spec.id().toString(),
                    false,
                    Duration.ofNanos(System.nanoTime() - started),
                    Optional.empty(),
                    e.getMessage());
        }
    }
}
