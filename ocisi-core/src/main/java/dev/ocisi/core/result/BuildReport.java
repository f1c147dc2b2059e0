package dev.ocisi.core.result;

import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.registry.RegistryException;
import dev.ocisi.core.registry.UpdateSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every image of a run and what happened to it, in build order, and what was pushed at its end. */
public record BuildReport(List<ImageResult> results, List<PushResult> pushes) {

    public BuildReport {
        results = List.copyOf(results);
        pushes = List.copyOf(pushes);
    }

    public BuildReport(List<ImageResult> results) {
        this(results, List.of());
    }

    public BuildReport withPushes(List<PushResult> done) {
        return new BuildReport(results, done);
    }

    /** The images that failed the run: builds that failed, and with {@code -Docisi.pullOnly} those not published. */
    public List<ImageResult> failed() {
        return results.stream()
                .filter(r ->
                        r.outcome() == ImageResult.Outcome.FAILED || r.outcome() == ImageResult.Outcome.NOT_PUBLISHED)
                .toList();
    }

    public List<PushResult> failedPushes() {
        return pushes.stream()
                .filter(p -> p.status() == PushResult.Status.FAILED)
                .toList();
    }

    /** Fails when a push failed, naming each; every tag in the registry is then as it was. */
    public void checkPushes() throws RegistryException {
        if (!failedPushes().isEmpty()) {
            throw new RegistryException(failedPushes().size() + " of " + pushes.size() + " pushes failed (every tag "
                    + "in the registry is as it was):\n"
                    + String.join(
                            "\n",
                            failedPushes().stream()
                                    .map(p -> p.image() + ": " + p.detail())
                                    .toList()));
        }
    }

    /** What the pulls of this run downloaded, all together. */
    public UpdateSize update() {
        return results.stream().flatMap(r -> r.update().stream()).reduce(UpdateSize.NONE, UpdateSize::plus);
    }

    public long count(ImageResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** How often builds of this run were started again after an engine race (see {@link ImageResult#retries}). */
    public int retries() {
        return results.stream().mapToInt(ImageResult::retries).sum();
    }

    /**
     * {@code Summary: 3 built, 1 up to date, 0 failed, 0 skipped}, with the pulls and what they downloaded, the images
     * not published, the pushes, and the retries, each when there were any.
     */
    public String summary() {
        long pulled = count(ImageResult.Outcome.PULLED);
        long notPublished = count(ImageResult.Outcome.NOT_PUBLISHED);
        long pushed = pushes.stream()
                .filter(p -> p.status() == PushResult.Status.PUSHED)
                .count();
        long alreadyThere = pushes.stream()
                .filter(p -> p.status() == PushResult.Status.ALREADY_THERE)
                .count();
        return "Summary: " + count(ImageResult.Outcome.BUILT) + " built, "
                + (pulled == 0 ? "" : pulled + " pulled (" + update().describe() + "), ")
                + count(ImageResult.Outcome.UP_TO_DATE) + " up to date, "
                + count(ImageResult.Outcome.FAILED) + " failed, " + count(ImageResult.Outcome.SKIPPED) + " skipped"
                + (notPublished == 0 ? "" : ", " + notPublished + " not published")
                + (pushes.isEmpty()
                        ? ""
                        : "; pushed " + pushed + ", already in the registry " + alreadyThere
                                + (failedPushes().isEmpty()
                                        ? ""
                                        : ", push failed " + failedPushes().size()))
                + (retries() == 0
                        ? ""
                        : ", " + retries() + (retries() == 1 ? " build" : " builds") + " started again "
                                + "after podman's 'layer not known' race");
    }

    /**
     * {@code Refresh: 1 image refreshed, 2 packages changed, 14 images unchanged}, when the run refreshed any image:
     * what the person reading a nightly job wants to know first.
     */
    public Optional<String> refreshLine() {
        List<ImageResult> refreshes =
                results.stream().filter(r -> r.packages().isPresent()).toList();
        if (refreshes.isEmpty()) {
            return Optional.empty();
        }
        long refreshed =
                refreshes.stream().filter(r -> !r.packages().get().none()).count();
        int changed =
                refreshes.stream().mapToInt(r -> r.packages().get().count()).sum();
        long unchanged = count(ImageResult.Outcome.UP_TO_DATE);
        return Optional.of("Refresh: " + refreshed + (refreshed == 1 ? " image" : " images") + " refreshed, " + changed
                + (changed == 1 ? " package" : " packages") + " changed, " + unchanged
                + (unchanged == 1 ? " image" : " images") + " unchanged");
    }

    /** The reason shown for an image, with its retries. */
    public static String reasonWithRetries(ImageResult result) {
        return result.retries() == 0
                ? result.reason()
                : result.reason() + " (built again " + result.retries() + (result.retries() == 1 ? " time" : " times")
                        + " after podman's 'layer not known' race)";
    }

    /** The summary table: image, result, duration, reason. */
    public List<String> table() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("IMAGE", "RESULT", "DURATION", "REASON"));
        for (ImageResult result : results) {
            rows.add(List.of(
                    result.image().toString(),
                    result.outcome().toString(),
                    result.outcome() == ImageResult.Outcome.SKIPPED ? "-" : TextTable.seconds(result.duration()),
                    reasonWithRetries(result)));
        }
        return TextTable.align(rows, Set.of(2));
    }

    /** The pushes table: image, where, result, duration, what was uploaded; empty when nothing was pushed. */
    public List<String> pushTable() {
        return pushTable(pushes.stream()
                .map(push -> List.of(
                        push.image().toString(),
                        push.reference(),
                        push.status().toString(),
                        TextTable.seconds(push.duration()),
                        push.detail()))
                .toList());
    }

    /** The pushes table of these rows (image, where, result, duration, detail); empty without rows. */
    public static List<String> pushTable(List<List<String>> pushes) {
        if (pushes.isEmpty()) {
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("IMAGE", "PUSHED TO", "RESULT", "DURATION", "DETAIL"));
        rows.addAll(pushes);
        return TextTable.align(rows, Set.of(3));
    }
}
