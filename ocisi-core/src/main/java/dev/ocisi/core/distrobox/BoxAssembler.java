package dev.ocisi.core.distrobox;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.ContainerSummary;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.ToolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Assembles the boxes of the enabled images that ask for one: writes their distrobox.ini, then creates each missing
 * box, recreates a box whose image or settings changed since it was made (and only then), and leaves a current box
 * alone. A box is only ever replaced once its image exists; a container of the box's name that ocisi did not make is
 * never touched.
 */
public final class BoxAssembler {

    /**
     * @param iniFile      where the generated distrobox.ini goes
     * @param home         the user's home, for {@code ~} in box settings and the launchers' folders
     * @param skipImages   images whose build failed in this run: their boxes stay as they are
     */
    public record Options(Path iniFile, String home, Set<ImageName> skipImages) {}

    private final Engines engines;
    private final DistroboxCli distrobox;
    private final Log log;

    public BoxAssembler(Engines engines, DistroboxCli distrobox, Log log) {
        this.engines = engines;
        this.distrobox = distrobox;
        this.log = log;
    }

    /** The enabled images assembled as boxes, in build order. */
    public static List<ImageSpec> assembled(HierarchyGraph graph) {
        return graph.enabledImages().stream()
                .map(ImageNode::spec)
                .filter(ImageSpec::assemble)
                .toList();
    }

    /**
     * Why the boxes cannot be assembled from these engines, if they cannot: distrobox runs its boxes on this machine,
     * from this machine's store, so an engine on another machine has the images where distrobox cannot use them.
     */
    public static Optional<String> whyNotHere(HierarchyGraph graph, Engines engines) throws EngineException {
        for (ImageSpec spec : assembled(graph)) {
            Optional<String> remote = engines.remoteAddress(spec.manager());
            if (remote.isPresent()) {
                return Optional.of("distrobox runs its boxes on this machine, from this machine's image store, and "
                        + "the " + spec.manager() + " engine is at " + remote.get() + ": assemble where the images "
                        + "are, or pull them here first (through a registry: -Docisi.pullOnly) and assemble without "
                        + "the remote engine");
            }
        }
        return Optional.empty();
    }

    /**
     * Assembles the boxes and reports them as a table; fails, after the others are done, when a box could not be
     * assembled. Says so when the hierarchy has no box.
     */
    public List<BoxResult> assembleAndReport(HierarchyGraph graph, Options options)
            throws EngineException, ToolException, StateException {
        if (assembled(graph).isEmpty()) {
            log.info("No box to assemble: no enabled image has 'assemble: true' (or a -dx name)");
            return List.of();
        }
        Optional<String> notHere = whyNotHere(graph, engines);
        if (notHere.isPresent()) {
            throw new ToolException("cannot assemble the boxes: " + notHere.get());
        }
        List<BoxResult> results = assemble(graph, options);
        log.info("");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("BOX", "RESULT", "WHY"));
        results.forEach(r -> rows.add(List.of(r.box(), r.action().toString().toLowerCase(Locale.ROOT), r.reason())));
        TextTable.align(rows).forEach(log::info);
        List<String> failures = results.stream()
                .filter(r -> r.action() == BoxResult.Action.FAILED)
                .map(BoxResult::box)
                .toList();
        if (!failures.isEmpty()) {
            throw new ToolException(
                    "distrobox could not assemble " + String.join(", ", failures) + " (its output is above)");
        }
        return results;
    }

    public List<BoxResult> assemble(HierarchyGraph graph, Options options)
            throws EngineException, ToolException, StateException {
        List<ImageSpec> specs = assembled(graph);
        List<BoxResult> results = new ArrayList<>();
        if (specs.isEmpty()) {
            return results;
        }
        log.info("distrobox " + distrobox.checkedVersion());
        List<Box> boxes = new ArrayList<>();
        for (ImageSpec spec : specs) {
            if (options.skipImages().contains(spec.id())) {
                results.add(kept(spec.distrobox(), "its image " + spec.id() + " did not build in this run"));
                continue;
            }
            Optional<ImageDetails> image =
                    engines.forManager(spec.manager()).inspect(spec.id().localReference());
            if (image.isEmpty()) {
                results.add(kept(spec.distrobox(), "its image " + spec.id() + " is not built: run process"));
                continue;
            }
            boxes.add(new Box(
                    spec.distrobox(),
                    spec.manager(),
                    spec.id().localReference(),
                    image.get().id(),
                    spec.box()));
        }
        try {
            Files.createDirectories(options.iniFile().getParent());
            Files.writeString(options.iniFile(), BoxIni.render(boxes, options.home()));
        } catch (IOException e) {
            throw StateException.cannot("write the boxes' file " + options.iniFile(), e);
        }
        log.info("Wrote " + options.iniFile());
        for (Box box : boxes) {
            results.add(assemble(box, options));
        }
        return results;
    }

    private static void createFolder(Path folder, Box box) throws StateException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw StateException.cannot("make the folder " + folder + " for the launchers of box " + box.name(), e);
        }
    }

    private BoxResult assemble(Box box, Options options) throws EngineException, ToolException, StateException {
        ContainerEngine engine = engines.forManager(box.manager());
        Optional<ContainerSummary> existing = engine.containers().stream()
                .filter(c -> c.name().equals(box.name()))
                .findFirst();
        String digest = BoxIni.digest(box, options.home());
        String reason;
        boolean replace = false;
        if (existing.isEmpty()) {
            reason = "not created yet";
        } else if (!existing.get().labels().containsKey(BoxIni.DIGEST_LABEL)) {
            BoxResult kept = kept(
                    box.name(),
                    "a " + box.manager() + " container named " + box.name() + " exists "
                            + "that ocisi did not assemble: remove it, or give the box another name with 'distrobox:'");
            log.warn("Box " + box.name() + " kept: " + kept.reason());
            return kept;
        } else if (digest.equals(existing.get().labels().get(BoxIni.DIGEST_LABEL))) {
            log.info("Box " + box.name() + ": current (made from " + Sha256.shortForm(box.imageId()) + ")");
            return new BoxResult(box.name(), BoxResult.Action.CURRENT, "current");
        } else {
            replace = true;
            reason = existing.get().imageId().equals(box.imageId())
                    ? "its settings changed"
                    : "its image changed (" + Sha256.shortForm(existing.get().imageId()) + " -> "
                            + Sha256.shortForm(box.imageId())
                            + ")";
        }
        // distrobox's exports fail when the folders they write to are missing
        Path home = Path.of(options.home());
        Path bins =
                Path.of(BoxIni.expandHome(box.settings().exportedBinsPath().orElse("~/.local/bin"), options.home()));
        if (!Files.isDirectory(bins)) {
            if (!bins.normalize().startsWith(home)) {
                // ocisi makes folders in the user's home only: one elsewhere is the user's to create, with its owner
                String outside = "its exported_bins_path " + bins + " does not exist and lies outside your home ("
                        + home + "): create it yourself, or choose a folder under your home";
                log.error("Box " + box.name() + ": " + outside);
                return new BoxResult(box.name(), BoxResult.Action.FAILED, outside);
            }
            createFolder(bins, box);
        }
        createFolder(home.resolve(".local/bin"), box);
        log.info((replace ? "Recreating" : "Creating") + " box " + box.name() + " from " + box.image() + " with "
                + box.manager() + ": " + reason);
        int exit = distrobox.assemble(
                options.iniFile(),
                box.name(),
                replace,
                box.manager(),
                line -> log.info("[box " + box.name() + "] " + line));
        if (exit != 0) {
            log.error("Box " + box.name() + ": distrobox assemble exited with " + exit);
            return new BoxResult(box.name(), BoxResult.Action.FAILED, "distrobox assemble exited with " + exit);
        }
        for (Path pinned :
                LauncherPins.pin(box.name(), box.manager(), bins, home.resolve(".local/share/applications"))) {
            log.info("Box " + box.name() + ": " + pinned + " now names " + box.manager() + " as its manager");
        }
        return new BoxResult(box.name(), replace ? BoxResult.Action.RECREATED : BoxResult.Action.CREATED, reason);
    }

    private static BoxResult kept(String box, String reason) {
        return new BoxResult(box, BoxResult.Action.KEPT, reason);
    }
}
