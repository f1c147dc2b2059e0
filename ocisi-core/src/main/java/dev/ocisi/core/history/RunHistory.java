package dev.ocisi.core.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.registry.UpdateSize;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Every {@code process} run of a hierarchy, one JSON file per run under the state folder (which {@code mvn clean}
 * does not touch). The file is rewritten after each image, so a run killed hard leaves a record still "running",
 * which reads back as interrupted once its process is gone. The oldest runs beyond {@link #KEEP} are removed.
 */
public final class RunHistory implements RunListener {

    public static final int KEEP = 50;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How a run ended. */
    public enum Status {
        RUNNING,
        SUCCEEDED,
        FAILED,
        INTERRUPTED
    }

    /**
     * One image of a run.
     *
     * @param downloaded for a pulled image, the bytes its pull downloaded (0 in records from before pulls)
     * @param pulledSize for a pulled image, its compressed size
     * @param ended      when its step ended (null in records from before the report's timeline)
     * @param retries    how often its build was started again after an engine's own failure
     */
    public record ImageRecord(
            String image,
            String result,
            String reason,
            long millis,
            String imageId,
            String digest,
            String error,
            long downloaded,
            long pulledSize,
            String ended,
            int retries) {

        /** When its step started, when its end is recorded. */
        public Optional<Instant> started() {
            return ended == null
                    ? Optional.empty()
                    : Optional.of(Instant.parse(ended).minusMillis(millis));
        }
    }

    /** One image the run pushed. */
    public record PushRecord(
            String image, String reference, String imageId, String result, long millis, String detail) {}

    /**
     * One run; times in ISO-8601, {@code end} null while it runs.
     *
     * @param builds every build the run started, so that the working containers an interrupted one left can be found
     */
    public record RunRecord(
            String id,
            List<String> files,
            long pid,
            String start,
            String end,
            Status status,
            String reason,
            List<ImageRecord> images,
            List<BuildInFlight> builds,
            List<PushRecord> pushes) {

        public RunRecord {
            images = List.copyOf(images);
            builds = builds == null ? List.of() : List.copyOf(builds); // runs recorded before builds were
            pushes = pushes == null ? List.of() : List.copyOf(pushes); // and before pushes
        }

        /** A run still "running" whose process is gone was killed: interrupted. */
        public RunRecord resolved() {
            if (status == Status.RUNNING
                    && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return new RunRecord(
                        id,
                        files,
                        pid,
                        start,
                        end,
                        Status.INTERRUPTED,
                        "the run stopped without finishing (killed?)",
                        images,
                        builds,
                        pushes);
            }
            return this;
        }

        /** How many of its images ended so. */
        public long count(ImageResult.Outcome outcome) {
            return images.stream()
                    .filter(i -> i.result().equals(outcome.toString()))
                    .count();
        }

        /** {@code 3 built, 1 up to date, 0 failed}, with pulls and pushes when there were any. */
        public String counts() {
            long pulled = count(ImageResult.Outcome.PULLED);
            long downloaded = images.stream().mapToLong(ImageRecord::downloaded).sum();
            long pushed = pushes.stream()
                    .filter(p -> !p.result().equals(PushResult.Status.FAILED.toString()))
                    .count();
            return count(ImageResult.Outcome.BUILT) + " built, "
                    + (pulled == 0 ? "" : pulled + " pulled (" + TextTable.bytes(downloaded) + " downloaded), ")
                    + count(ImageResult.Outcome.UP_TO_DATE) + " up to date, "
                    + (count(ImageResult.Outcome.FAILED) + count(ImageResult.Outcome.NOT_PUBLISHED)) + " failed"
                    + (pushes.isEmpty() ? "" : ", " + pushed + " of " + pushes.size() + " pushed");
        }

        public Optional<Duration> duration() {
            return end == null
                    ? Optional.empty()
                    : Optional.of(Duration.between(Instant.parse(start), Instant.parse(end)));
        }

        RunRecord with(Status newStatus, String newReason, Instant newEnd, List<ImageRecord> newImages) {
            return new RunRecord(
                    id,
                    files,
                    pid,
                    start,
                    newEnd == null ? null : newEnd.toString(),
                    newStatus,
                    newReason,
                    newImages,
                    builds,
                    pushes);
        }

        RunRecord withBuild(BuildInFlight build) {
            List<BuildInFlight> all = new ArrayList<>(builds);
            all.add(build);
            return new RunRecord(id, files, pid, start, end, status, reason, images, all, pushes);
        }

        RunRecord withPushes(List<PushRecord> done) {
            return new RunRecord(id, files, pid, start, end, status, reason, images, builds, done);
        }
    }

    private final Path folder;
    private final List<String> files;
    private RunRecord current;

    /** The time of each image's latest build in these runs (newest run last): what shards balance by. */
    public static Map<ImageName, Duration> buildTimes(List<RunRecord> runs) {
        Map<ImageName, Duration> times = new java.util.HashMap<>();
        for (RunRecord run : runs) {
            for (ImageRecord image : run.images()) {
                int colon = image.image().lastIndexOf(':');
                if (image.result().equals(ImageResult.Outcome.BUILT.toString()) && colon > 0) {
                    times.put(
                            new ImageName(
                                    image.image().substring(0, colon),
                                    image.image().substring(colon + 1)),
                            Duration.ofMillis(image.millis()));
                }
            }
        }
        return times;
    }

    public RunHistory(Path stateFolder, List<Path> hierarchyFiles) {
        this.folder = stateFolder.resolve("history").resolve(RunLock.key(hierarchyFiles));
        this.files = hierarchyFiles.stream()
                .map(p -> p.toAbsolutePath().normalize().toString())
                .toList();
    }

    /** The runs, newest first. */
    public List<RunRecord> runs() throws StateException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<RunRecord> runs = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.filter(p -> p.toString().endsWith(".json")).toList()) {
                try {
                    runs.add(JSON.readValue(file.toFile(), RunRecord.class).resolved());
                } catch (IOException e) {
                    // a record cut short by a crash mid-write: the rename makes that unlikely, and one lost run is all
                }
            }
        } catch (IOException e) {
            throw StateException.cannot("read the run history in " + folder, e);
        }
        runs.sort(
                Comparator.comparing((RunRecord r) -> Instant.parse(r.start())).reversed());
        return runs;
    }

    /** The builds of the runs that were interrupted: what their leftovers are recognised by. */
    public List<BuildInFlight> interruptedBuilds() throws StateException {
        return runs().stream()
                .filter(r -> r.status() == Status.INTERRUPTED)
                .flatMap(r -> r.builds().stream())
                .toList();
    }

    public Optional<RunRecord> last() throws StateException {
        return runs().stream().findFirst();
    }

    /** The run being recorded now. */
    public Optional<RunRecord> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public synchronized void started(BuildPlan plan) {
        String id = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now()) + "-"
                + UUID.randomUUID().toString().substring(0, 4);
        current = new RunRecord(
                id,
                files,
                ProcessHandle.current().pid(),
                Instant.now().toString(),
                null,
                Status.RUNNING,
                "",
                List.of(),
                List.of(),
                List.of());
        write();
        prune();
    }

    @Override
    public synchronized void buildStarted(BuildInFlight build) {
        current = current.withBuild(build);
        write();
    }

    @Override
    public synchronized void finished(ImageResult result) {
        List<ImageRecord> images = new ArrayList<>(current.images());
        images.add(new ImageRecord(
                result.image().toString(),
                result.outcome().toString(),
                result.reason(),
                result.duration().toMillis(),
                result.imageId().orElse(""),
                result.digest().orElse(""),
                result.outcome() == ImageResult.Outcome.FAILED ? String.join("\n", result.outputTail()) : "",
                result.update().map(UpdateSize::downloaded).orElse(0L),
                result.update().map(UpdateSize::size).orElse(0L),
                Instant.now().toString(),
                result.retries()));
        current = current.with(Status.RUNNING, "", null, images);
        write();
    }

    @Override
    public synchronized void ended(BuildReport report) {
        boolean ok = report.failed().isEmpty() && report.failedPushes().isEmpty();
        String reason = !report.failed().isEmpty()
                ? report.failed().size() + " failed"
                : report.failedPushes().isEmpty() ? "" : report.failedPushes().size() + " pushes failed";
        current = current.withPushes(report.pushes().stream()
                        .map(p -> new PushRecord(
                                p.image().toString(),
                                p.reference(),
                                p.imageId(),
                                p.status().toString(),
                                p.duration().toMillis(),
                                p.detail()))
                        .toList())
                .with(ok ? Status.SUCCEEDED : Status.FAILED, reason, Instant.now(), current.images());
        write();
    }

    @Override
    public synchronized void aborted(String reason, boolean interrupted) {
        if (current != null) {
            current = current.with(
                    interrupted ? Status.INTERRUPTED : Status.FAILED, reason, Instant.now(), current.images());
            write();
        }
    }

    private void write() {
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, "run-", ".tmp");
            JSON.writeValue(temporary.toFile(), current);
            Files.move(
                    temporary,
                    folder.resolve(current.id() + ".json"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the run in " + folder + ": " + e.getMessage(), e);
        }
    }

    private void prune() {
        try (Stream<Path> list = Files.list(folder)) {
            List<Path> runs = list.filter(p -> p.toString().endsWith(".json"))
                    .sorted(Comparator.comparing(Path::getFileName).reversed())
                    .toList();
            for (Path old : runs.subList(Math.min(KEEP, runs.size()), runs.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            // an old record left over is harmless
        }
    }
}
