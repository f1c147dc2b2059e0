package dev.ocisi.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.plan.CurrentImage;
import dev.ocisi.core.plan.Decision;
import dev.ocisi.core.registry.RemoteImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The rule as a table: each row's facts, the decision, and which of the costly facts (the package database, an
 * earlier build in the store, the registry) the ladder had to ask for.
 */
class DecisionLadderTest {

    private static final ImageName IMAGE = new ImageName("tools", "latest");
    private static final ImageName PARENT = new ImageName("base", "latest");
    private static final RegistryLocation REGISTRY = new RegistryLocation("localhost:5000", "team");
    private static final RemoteImage REMOTE = new RemoteImage(
            "sha256:m",
            "application/vnd.oci.image.manifest.v1+json",
            new byte[0],
            "sha256:remote",
            Map.of(),
            List.of(),
            Instant.EPOCH);
    private static final CurrentImage TAGGED = new CurrentImage("sha256:current", Optional.of("digest"));
    private static final Decision SAME = new Decision(false, List.of(Decision.UP_TO_DATE));
    private static final Decision CHANGED = new Decision(true, List.of("Containerfile changed"));
    private static final Decision FIRST = new Decision(true, List.of("not built yet"));
    private static final Decision FORCED = new Decision(true, List.of("forced"));
    private static final Decision REFRESH =
            new Decision(true, List.of("refresh: its packages were last checked " + "2 d ago (refresh: 1d)"), true);

    /** Facts as given, counting the costly questions. */
    private static final class Facts implements ImageFacts {
        Decision byInputs = SAME;
        Optional<CurrentImage> current = Optional.of(TAGGED);
        boolean forced;
        boolean pullOnly;
        Optional<ShardOwner> otherShard = Optional.empty();
        Optional<String> missingBase = Optional.empty();
        Map<ImageName, ImageDecision> pending = Map.of();
        boolean packageDatabase = true;
        Optional<String> earlier = Optional.empty();
        Published published = new Published.NoRegistry();
        final List<String> asked = new ArrayList<>();

        @Override
        public ImageName image() {
            return IMAGE;
        }

        @Override
        public Decision byInputs() {
            return byInputs;
        }

        @Override
        public Optional<CurrentImage> current() {
            return current;
        }

        @Override
        public boolean forced() {
            return forced;
        }

        @Override
        public boolean pullOnly() {
            return pullOnly;
        }

        @Override
        public Optional<ShardOwner> otherShard() {
            return otherShard;
        }

        @Override
        public Optional<String> missingBase() {
            return missingBase;
        }

        @Override
        public Map<ImageName, ImageDecision> pendingParents() {
            return pending;
        }

        @Override
        public boolean hasPackageDatabase() {
            asked.add("packages");
            return packageDatabase;
        }

        @Override
        public Optional<String> earlierBuild() {
            asked.add("earlier");
            return earlier;
        }

        @Override
        public Published published() {
            asked.add("registry");
            return published;
        }
    }

    private record Row(String name, Facts facts, ImageDecision expected, List<String> asked) {}

    private static Facts facts(Consumer<Facts> set) {
        Facts facts = new Facts();
        set.accept(facts);
        return facts;
    }

    @Test
    void eachRowDecidesAsTheTableSaysAskingOnlyWhatItsRungNeeds() throws Exception {
        String noDatabase = DecisionLadder.NO_PACKAGE_DATABASE;
        List<Row> rows = List.of(
                new Row("same inputs", facts(f -> {}), new ImageDecision.UpToDate("up to date", false), List.of()),
                new Row(
                        "same inputs, its parent refreshed",
                        facts(f -> f.pending = Map.of(PARENT, new ImageDecision.Refresh("refresh: due"))),
                        new ImageDecision.UpToDate(
                                "up to date; rebuilt if the refresh of base:latest changes its " + "packages", false),
                        List.of()),
                new Row(
                        "same inputs, its parent rebuilt",
                        facts(f -> f.pending = Map.of(PARENT, new ImageDecision.Build("Containerfile changed"))),
                        new ImageDecision.Build("parent base:latest will be rebuilt"),
                        List.of()),
                new Row(
                        "changed inputs, its parent rebuilt: its own reasons",
                        facts(f -> {
                            f.byInputs = CHANGED;
                            f.pending = Map.of(PARENT, new ImageDecision.Build("forced"));
                        }),
                        new ImageDecision.Build("Containerfile changed"),
                        List.of()),
                new Row(
                        "its parent cannot be had",
                        facts(f -> f.pending = Map.of(PARENT, new ImageDecision.NotPublished("not published"))),
                        new ImageDecision.Skip(List.of(PARENT), "needs base:latest, which cannot be had"),
                        List.of()),
                new Row(
                        "its parent is pulled or tagged again: decided by its inputs alone",
                        facts(f -> f.pending = Map.of(PARENT, new ImageDecision.Pull(REGISTRY, REMOTE, "x"))),
                        new ImageDecision.UpToDate("up to date", false),
                        List.of()),
                new Row(
                        "its base is missing",
                        facts(f -> f.missingBase = Optional.of("localhost/debian:12")),
                        new ImageDecision.Build("base image localhost/debian:12 is missing"),
                        List.of()),
                new Row(
                        "refresh due",
                        facts(f -> f.byInputs = REFRESH),
                        new ImageDecision.Refresh(REFRESH.reason()),
                        List.of("packages")),
                new Row(
                        "refresh due, no package database",
                        facts(f -> {
                            f.byInputs = REFRESH;
                            f.packageDatabase = false;
                        }),
                        new ImageDecision.UpToDate("up to date; no refresh: " + noDatabase, true),
                        List.of("packages")),
                new Row(
                        "refresh due, -Docisi.pullOnly",
                        facts(f -> {
                            f.byInputs = REFRESH;
                            f.pullOnly = true;
                        }),
                        new ImageDecision.UpToDate("up to date; no refresh: -Docisi.pullOnly never builds", true),
                        List.of()),
                new Row(
                        "refresh due, another shard's image",
                        facts(f -> {
                            f.byInputs = REFRESH;
                            f.otherShard = Optional.of(new ImageFacts.ShardOwner(2, 3));
                        }),
                        new ImageDecision.UpToDate("up to date; shard 2/3 refreshes it", false),
                        List.of()),
                new Row(
                        "changed, another shard's image",
                        facts(f -> {
                            f.byInputs = CHANGED;
                            f.otherShard = Optional.of(new ImageFacts.ShardOwner(2, 3));
                        }),
                        new ImageDecision.WaitForShard(2, 3, "Containerfile changed"),
                        List.of()),
                new Row(
                        "forced",
                        facts(f -> {
                            f.byInputs = FORCED;
                            f.forced = true;
                            f.published = new Published.Found(REGISTRY, REMOTE);
                        }),
                        new ImageDecision.Build("forced"),
                        List.of()),
                new Row(
                        "forced, -Docisi.pullOnly",
                        facts(f -> {
                            f.byInputs = FORCED;
                            f.forced = true;
                            f.pullOnly = true;
                        }),
                        new ImageDecision.NotPublished("-Docisi.force builds it, and -Docisi.pullOnly never builds"),
                        List.of()),
                new Row(
                        "untagged, the earlier build still there",
                        facts(f -> {
                            f.byInputs = FIRST;
                            f.current = Optional.empty();
                            f.earlier = Optional.of("sha256:earlier");
                        }),
                        new ImageDecision.Retag("sha256:earlier", DecisionLadder.RETAG),
                        List.of("earlier")),
                new Row(
                        "untagged, published",
                        facts(f -> {
                            f.byInputs = FIRST;
                            f.current = Optional.empty();
                            f.published = new Published.Found(REGISTRY, REMOTE);
                        }),
                        new ImageDecision.Pull(REGISTRY, REMOTE, "not built yet"),
                        List.of("earlier", "registry")),
                new Row(
                        "changed, published: the earlier build is not asked for while tagged",
                        facts(f -> {
                            f.byInputs = CHANGED;
                            f.published = new Published.Found(REGISTRY, REMOTE);
                        }),
                        new ImageDecision.Pull(REGISTRY, REMOTE, "Containerfile changed"),
                        List.of("registry")),
                new Row(
                        "changed, not published",
                        facts(f -> {
                            f.byInputs = CHANGED;
                            f.published = new Published.NotThere(REGISTRY);
                        }),
                        new ImageDecision.Build("Containerfile changed"),
                        List.of("registry")),
                new Row(
                        "changed, the registry unusable",
                        facts(f -> {
                            f.byInputs = CHANGED;
                            f.published = new Published.Unusable(REGISTRY, "connection refused");
                        }),
                        new ImageDecision.Build("Containerfile changed"),
                        List.of("registry")),
                new Row(
                        "changed, not published, -Docisi.pullOnly",
                        facts(f -> {
                            f.byInputs = CHANGED;
                            f.pullOnly = true;
                            f.published = new Published.NotThere(REGISTRY);
                        }),
                        new ImageDecision.NotPublished(
                                "not published in localhost:5000/team yet (no image built from " + "these inputs)"),
                        List.of("registry")),
                new Row(
                        "changed, the registry unusable, -Docisi.pullOnly",
                        facts(f -> {
                            f.byInputs = CHANGED;
                            f.pullOnly = true;
                            f.published = new Published.Unusable(REGISTRY, "connection refused");
                        }),
                        new ImageDecision.NotPublished("cannot be pulled from localhost:5000/team: connection refused"),
                        List.of("registry")),
                new Row(
                        "changed, no registry, -Docisi.pullOnly",
                        facts(f -> {
                            f.byInputs = CHANGED;
                            f.pullOnly = true;
                        }),
                        new ImageDecision.NotPublished(
                                "it has no registry to pull from (set 'registry:' or " + "-Docisi.registry)"),
                        List.of("registry")));
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            ImageDecision decided = DecisionLadder.decide(row.facts());
            if (!decided.equals(row.expected()) || !row.facts().asked.equals(row.asked())) {
                wrong.add(row.name() + ": " + decided + " asking " + row.facts().asked + ", expected " + row.expected()
                        + " asking " + row.asked());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theViewsSayWhatARunWouldDo() {
        assertEquals(
                "pull",
                new ImageDecision.Pull(REGISTRY, REMOTE, "inputs changed")
                        .status()
                        .action());
        assertEquals(
                "inputs changed; published in localhost:5000/team from the same inputs",
                new ImageDecision.Pull(REGISTRY, REMOTE, "inputs changed")
                        .status()
                        .text());
        assertEquals(
                "refresh: due; the image stays if no package changed",
                new ImageDecision.Refresh("refresh: due").status().text());
        assertEquals(
                false, new ImageDecision.UpToDate("up to date", true).status().stale());
        assertEquals(
                "tag again", new ImageDecision.Retag("sha256:e", "why").status().action());
    }
}
