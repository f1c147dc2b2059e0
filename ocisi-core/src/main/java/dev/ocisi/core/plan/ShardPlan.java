package dev.ocisi.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The assignment of a plan to N shards as {@code list -Dplan} shows it: lines for people, JSON for a CI system (its
 * matrix, and the build times every shard must balance by alike: {@code -Docisi.shardDurations} reads them back).
 */
public final class ShardPlan {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardPlan() {}

    public static List<String> lines(ShardAssignment assignment, boolean timed) {
        List<String> lines = new ArrayList<>();
        lines.add("Shards: " + assignment.count()
                + (timed
                        ? ", balanced by the recorded build times"
                        : ", every image weighing the same (no build time recorded)"));
        for (int shard = 1; shard <= assignment.count(); shard++) {
            List<ImageName> images = assignment.images(shard);
            List<ImageName> waits = assignment.waitsFor(shard);
            lines.add("  " + shard + "/" + assignment.count() + ": " + images.size()
                    + (images.size() == 1 ? " image" : " images")
                    + (timed ? ", " + assignment.load(shard).toSeconds() + " s" : "") + ": "
                    + String.join(", ", images.stream().map(ImageName::toString).toList())
                    + (waits.isEmpty()
                            ? ""
                            : "; waits for "
                                    + String.join(
                                            ", ",
                                            waits.stream()
                                                    .map(w -> w + " (" + assignment.shardOf(w) + ")")
                                                    .toList())));
        }
        return lines;
    }

    public static String json(ShardAssignment assignment, BuildPlan plan, Map<ImageName, Duration> recorded) {
        ObjectNode root = JSON.createObjectNode();
        root.put("shards", assignment.count());
        ArrayNode shards = root.putArray("assignment");
        for (int shard = 1; shard <= assignment.count(); shard++) {
            ObjectNode entry = shards.addObject();
            entry.put("shard", shard + "/" + assignment.count());
            entry.put("index", shard);
            entry.put("seconds", assignment.load(shard).toMillis() / 1000.0);
            ArrayNode images = entry.putArray("images");
            assignment.images(shard).forEach(image -> images.add(image.toString()));
            ArrayNode waits = entry.putArray("waitsFor");
            assignment
                    .waitsFor(shard)
                    .forEach(image ->
                            waits.addObject().put("image", image.toString()).put("shard", assignment.shardOf(image)));
        }
        ObjectNode durations = root.putObject("durations");
        // by each image's unit, which every runner of any platform reads alike
        plan.images().forEach(p -> {
            Duration time = recorded.get(p.id());
            if (time != null) {
                durations.put(ShardAssignment.unit(p.node().spec()).toString(), time.toMillis() / 1000.0);
            }
        });
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code durations} of a file {@link #json} wrote: image to seconds. */
    public static Map<ImageName, Duration> durations(Path file, String option) throws ConfigurationException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigurationException(
                    Location.option(option),
                    "cannot read " + file + " ("
                            + e.getMessage().lines().findFirst().orElse("")
                            + "): give the file that `mvn ocisi:list -Dplan "
                            + "-Docisi.format=json` wrote (target/ocisi/plan.json)");
        }
        JsonNode durations = root == null ? null : root.get("durations");
        if (durations == null || !durations.isObject()) {
            throw new ConfigurationException(
                    Location.option(option),
                    file + " has no 'durations' object: give the "
                            + "file that `mvn ocisi:list -Dplan -Docisi.format=json` wrote");
        }
        Map<ImageName, Duration> times = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : durations.properties()) {
            int colon = field.getKey().lastIndexOf(':');
            if (colon < 1 || !field.getValue().isNumber() || field.getValue().asDouble() < 0) {
                throw new ConfigurationException(
                        Location.option(option),
                        file + ": '" + field.getKey() + "': " + field.getValue()
                                + " is not an image name:tag with its seconds");
            }
            times.put(
                    new ImageName(
                            field.getKey().substring(0, colon), field.getKey().substring(colon + 1)),
                    Duration.ofMillis(Math.round(field.getValue().asDouble() * 1000)));
        }
        return times;
    }
}
