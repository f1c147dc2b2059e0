package dev.ocisi.core.graph;

import dev.ocisi.core.config.Hierarchy;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.config.TextFiles;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problems;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jgrapht.graph.SimpleDirectedGraph;

/**
 * Reads every image's Containerfile and links the images into a {@link HierarchyGraph}. Problems that concern only
 * disabled images are warnings; the rest are errors, all reported together.
 */
public final class HierarchyGraphBuilder {

    private static final String KEY_ENABLED = "enabled";
    private static final String KEY_MANAGER = "manager";
    private static final String KEY_PARENT = "parent";
    private static final String KEY_ARGS = "args";
    private static final String KEY_PLATFORMS = "platforms";

    private final Path workingDirectory;

    public HierarchyGraphBuilder(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    public HierarchyGraph build(Hierarchy hierarchy) throws ConfigurationException {
        Problems problems = new Problems();
        hierarchy.warnings().forEach(problems::add);
        Graph<ImageName, Dependency> graph = new SimpleDirectedGraph<>(Dependency.class);
        Map<ImageName, ImageNode> nodes = new LinkedHashMap<>();
        hierarchy.images().forEach(image -> graph.addVertex(image.id()));
        for (ImageSpec image : hierarchy.images()) {
            nodes.put(image.id(), new ImageReading(hierarchy, image, graph, problems).read());
        }
        breakCycles(graph, nodes, problems);
        checkEdges(graph, nodes, problems);
        checkPlatforms(graph, nodes, problems);
        problems.throwIfErrors();
        addPlatforms(graph, nodes, problems);
        problems.throwIfErrors();
        DirectedAcyclicGraph<ImageName, Dependency> dag = new DirectedAcyclicGraph<>(Dependency.class);
        graph.vertexSet().forEach(dag::addVertex);
        graph.edgeSet().forEach(e -> dag.addEdge(e.parent(), e.child(), e));
        return new HierarchyGraph(hierarchy, dag, nodes, problems.warnings());
    }

    /** One image: its Containerfile read, its uses matched against the hierarchy, its edges added. */
    private final class ImageReading {
        private final Hierarchy hierarchy;
        private final ImageSpec image;
        private final Graph<ImageName, Dependency> graph;
        private final Problems problems;
        private final String display;

        ImageReading(Hierarchy hierarchy, ImageSpec image, Graph<ImageName, Dependency> graph, Problems problems) {
            this.hierarchy = hierarchy;
            this.image = image;
            this.graph = graph;
            this.problems = problems;
            this.display = image.isRootfs() ? null : Location.display(workingDirectory, image.containerfile());
        }

        ImageNode read() {
            if (image.isRootfs()) {
                return new ImageNode(image, Optional.empty(), List.of()); // a root: it builds on nothing
            }
            Optional<ImageSpec> explicitParent = explicitParent();
            if (TextFiles.notAFile(image.containerfile()).isPresent()) {
                // the loader has reported it; a disabled image may lack its Containerfile
                explicitParent.ifPresent(
                        p -> addEdge(p, ImageUse.Kind.BASE, image.origin().of(KEY_PARENT)));
                return new ImageNode(image, Optional.empty(), List.of());
            }
            BaseImageReader.Result bases;
            try {
                String text = TextFiles.readUtf8(image.containerfile(), display);
                ContainerfileParser.Parsed parsed = ContainerfileParser.parse(text, display);
                bases = BaseImageReader.read(parsed, image.fromArgs(), image.platform());
                String context = "'" + Location.display(workingDirectory, image.context()) + "/'";
                CopySources.outsideContext(parsed, context)
                        .forEach(p -> problems.report(image.enabled(), p.location(), p.message()));
            } catch (ConfigurationException e) {
                e.problems()
                        .forEach(p -> problems.report(image.enabled(), p.location(), "Containerfile: " + p.message()));
                return new ImageNode(image, Optional.empty(), List.of());
            }
            if (!bases.hasFrom()) {
                problems.report(image.enabled(), Location.of(display), "the Containerfile has no FROM instruction");
                return new ImageNode(image, Optional.empty(), List.of());
            }
            for (BaseImageReader.Finding finding : bases.findings()) {
                if (!(finding.finalBase() && explicitParent.isPresent())) {
                    problems.report(image.enabled(), finding.location(), finding.message());
                }
            }
            checkArgsConsumed(bases);
            Optional<ImageReference> externalBase = Optional.empty();
            List<ImageUse> externalUses = new ArrayList<>();
            for (ImageUse use : bases.uses()) {
                Optional<ImageSpec> local = resolve(use);
                if (use.kind() == ImageUse.Kind.BASE && explicitParent.isPresent()) {
                    checkAgreement(use, local, explicitParent.get());
                    continue;
                }
                if (local.isPresent()) {
                    addEdge(local.get(), use.kind(), use.location());
                } else if (use.kind() == ImageUse.Kind.BASE) {
                    externalBase = Optional.of(use.reference());
                } else {
                    externalUses.add(use);
                }
            }
            explicitParent.ifPresent(
                    p -> addEdge(p, ImageUse.Kind.BASE, image.origin().of(KEY_PARENT)));
            return new ImageNode(image, externalBase, externalUses);
        }

        private Optional<ImageSpec> explicitParent() {
            if (image.parent().isEmpty()) {
                return Optional.empty();
            }
            String text = image.parent().get();
            Location at = image.origin().of(KEY_PARENT);
            int colon = text.indexOf(':');
            List<ImageSpec> candidates = colon < 0
                    ? hierarchy.withName(text)
                    : hierarchy
                            .find(new ImageName(text.substring(0, colon), text.substring(colon + 1)))
                            .map(List::of)
                            .orElse(List.of());
            if (candidates.isEmpty()) {
                problems.error(
                        at,
                        "unknown parent '" + text + "': no image of the hierarchy has that name"
                                + tagsNote(colon < 0 ? text : text.substring(0, colon)));
                return Optional.empty();
            }
            if (candidates.size() > 1) {
                problems.error(
                        at,
                        "parent '" + text + "' is ambiguous: the hierarchy has " + ids(candidates)
                                + "; write name:tag");
                return Optional.empty();
            }
            if (candidates.get(0).id().equals(image.id())) {
                problems.error(at, "an image cannot be its own parent");
                return Optional.empty();
            }
            return Optional.of(candidates.get(0));
        }

        private void checkAgreement(ImageUse use, Optional<ImageSpec> fromSays, ImageSpec parent) {
            if (fromSays.isPresent() && !fromSays.get().id().equals(parent.id())) {
                problems.report(
                        image.enabled(),
                        image.origin().of(KEY_PARENT),
                        "'parent: " + image.parent().get()
                                + "' contradicts FROM " + use.written() + " at " + use.location() + ", which names "
                                + fromSays.get().id() + "; remove 'parent:' or change the FROM line");
            }
        }

        /** The image of the hierarchy a use names, if it names one. */
        private Optional<ImageSpec> resolve(ImageUse use) {
            ImageReference reference = use.reference();
            Optional<ImageName> name = reference.localName();
            if (name.isEmpty()) {
                return Optional.empty();
            }
            Optional<ImageSpec> match = hierarchy.find(name.get());
            if (match.isPresent() && match.get().id().equals(image.id())) {
                if (reference.isLocalhost()) {
                    problems.report(
                            image.enabled(),
                            use.location(),
                            use.written() + " names this very image (" + image.id()
                                    + "); an image cannot be built FROM itself");
                } else if (!reference.isQualified()) {
                    problems.report(
                            image.enabled(),
                            use.location(),
                            use.written() + " names this very image ("
                                    + image.id() + ") by its short name, which resolves to the image ocisi built last "
                                    + "time; write the registry's full name, e.g. docker.io/library/" + reference);
                }
                return Optional.empty(); // docker.io/library/<own name>: the registry's image, as written
            }
            if (match.isEmpty() && !hierarchy.withName(name.get().name()).isEmpty()) {
                String message = use.written() + " names " + name.get().name() + " with tag "
                        + name.get().tag() + ", but the hierarchy has only "
                        + ids(hierarchy.withName(name.get().name()));
                if (reference.isLocalhost()) {
                    problems.report(
                            image.enabled(),
                            use.location(),
                            "unknown parent: " + message + "; fix the tag or add that image to the hierarchy");
                } else {
                    problems.warning(use.location(), message + "; it is taken as an image from a registry");
                }
            }
            return match;
        }

        private void checkArgsConsumed(BaseImageReader.Result bases) {
            for (String arg : image.args().keySet()) {
                if (!bases.declaredArgs().contains(arg)) {
                    problems.warning(
                            image.origin().of(KEY_ARGS),
                            "build argument " + arg + " is declared by no ARG " + "in " + display
                                    + ", so the build ignores it");
                }
            }
        }

        private void addEdge(ImageSpec parent, ImageUse.Kind kind, Location location) {
            Dependency existing = graph.getEdge(parent.id(), image.id());
            if (existing != null) {
                if (kind == ImageUse.Kind.BASE && !existing.isBase()) {
                    graph.removeEdge(existing);
                } else {
                    return;
                }
            }
            graph.addEdge(parent.id(), image.id(), new Dependency(parent.id(), image.id(), kind, location));
        }

        private String tagsNote(String name) {
            List<ImageSpec> sameName = hierarchy.withName(name);
            return sameName.isEmpty() ? "" : " and tag (it has " + ids(sameName) + ")";
        }
    }

    /**
     * Reports each cycle with every image on it, in order. A cycle among disabled images only warns, and one of its
     * edges is dropped so that the rest can still be ordered.
     */
    private static void breakCycles(
            Graph<ImageName, Dependency> graph, Map<ImageName, ImageNode> nodes, Problems problems) {
        Comparator<ImageName> fileOrder =
                Comparator.comparingInt(id -> nodes.get(id).spec().index());
        while (true) {
            List<Set<ImageName>> cyclic = new KosarajuStrongConnectivityInspector<>(graph)
                    .stronglyConnectedSets().stream()
                            .filter(component -> component.size() > 1)
                            .toList();
            if (cyclic.isEmpty()) {
                return;
            }
            boolean broke = false;
            for (Set<ImageName> component : cyclic) {
                List<Dependency> cycle = cycleThrough(
                        graph, component, component.stream().min(fileOrder).orElseThrow());
                boolean enabled =
                        component.stream().anyMatch(id -> nodes.get(id).spec().enabled());
                StringBuilder message = new StringBuilder("cycle in the hierarchy: ");
                for (int i = 0; i < cycle.size(); i++) {
                    Dependency d = cycle.get(i);
                    message.append(i == 0 ? "" : ", ")
                            .append(d.child())
                            .append(' ')
                            .append(d.verb())
                            .append(' ')
                            .append(d.parent())
                            .append(" (")
                            .append(d.location())
                            .append(')');
                }
                message.append("; change one of these lines");
                problems.report(enabled, cycle.get(0).location(), message.toString());
                if (!enabled) {
                    graph.removeEdge(cycle.get(cycle.size() - 1));
                    broke = true;
                }
            }
            if (!broke) {
                return; // errors: the graph is reported, not ordered
            }
        }
    }

    /** The shortest cycle from {@code start} through its parents back to it, as edges child-to-parent. */
    private static List<Dependency> cycleThrough(
            Graph<ImageName, Dependency> graph, Set<ImageName> component, ImageName start) {
        Map<ImageName, Dependency> reachedBy = new HashMap<>();
        Deque<ImageName> pending = new ArrayDeque<>(List.of(start));
        while (!pending.isEmpty()) {
            ImageName current = pending.removeFirst();
            for (Dependency edge : sortedIncoming(graph, current)) {
                ImageName parent = edge.parent();
                if (!component.contains(parent) || reachedBy.containsKey(parent)) {
                    continue;
                }
                reachedBy.put(parent, edge);
                if (parent.equals(start)) {
                    List<Dependency> cycle = new ArrayList<>();
                    ImageName at = start;
                    do {
                        Dependency step = reachedBy.get(at);
                        cycle.add(0, step);
                        at = step.child();
                    } while (!at.equals(start));
                    return cycle;
                }
                pending.addLast(parent);
            }
        }
        throw new IllegalStateException("no cycle through " + start + " in a strongly connected set");
    }

    private static List<Dependency> sortedIncoming(Graph<ImageName, Dependency> graph, ImageName id) {
        return graph.incomingEdgesOf(id).stream()
                .sorted(Comparator.comparing(Dependency::parent))
                .toList();
    }

    /** Edges that join images the user cannot build together: a disabled parent, another image store. */
    private static void checkEdges(
            Graph<ImageName, Dependency> graph, Map<ImageName, ImageNode> nodes, Problems problems) {
        List<Dependency> edges = new ArrayList<>(graph.edgeSet());
        edges.sort(Comparator.comparingInt(
                        (Dependency d) -> nodes.get(d.child()).spec().index())
                .thenComparingInt(d -> nodes.get(d.parent()).spec().index()));
        for (Dependency edge : edges) {
            ImageSpec parent = nodes.get(edge.parent()).spec();
            ImageSpec child = nodes.get(edge.child()).spec();
            if (child.enabled() && !parent.enabled()) {
                problems.error(
                        child.origin().of(KEY_ENABLED),
                        child.id() + " is enabled but " + edge.verb() + " "
                                + parent.id() + " (" + edge.location() + "), which is disabled at "
                                + parent.origin().of(KEY_ENABLED) + "; enable " + parent.id() + " or disable "
                                + child.id());
            }
            if (child.manager() != parent.manager()) {
                problems.report(
                        child.enabled() && parent.enabled(),
                        child.origin().of(KEY_MANAGER),
                        child.id()
                                + " uses manager " + child.manager() + " but " + edge.verb() + " " + parent.id() + " ("
                                + edge.location() + "), which uses " + parent.manager() + " ("
                                + parent.origin().of(KEY_MANAGER)
                                + "); their image stores differ, so " + child.manager()
                                + " cannot see it: give both the "
                                + "same manager");
            }
            if (!parent.copies().isEmpty()) {
                // a child is built in one store: its parent's copy in another would be a second image to keep current
                problems.report(
                        child.enabled() && parent.enabled(),
                        parent.origin().of(KEY_MANAGER),
                        parent.id()
                                + " is in two stores ("
                                + String.join(
                                        ", ",
                                        parent.managers().stream()
                                                .map(Manager::id)
                                                .toList()) + ") but " + child.id() + " " + edge.verb() + " it ("
                                + edge.location()
                                + "): only an image nothing is built on can be copied into another store; name one manager "
                                + "here, and both on the leaf");
            }
        }
    }

    /** Each platform of an image is one its parents (and the images it copies from) are built for too. */
    private static void checkPlatforms(
            Graph<ImageName, Dependency> graph, Map<ImageName, ImageNode> nodes, Problems problems) {
        for (Dependency edge : graph.edgeSet()) {
            ImageSpec parent = nodes.get(edge.parent()).spec();
            ImageSpec child = nodes.get(edge.child()).spec();
            List<Platform> missing = child.allPlatforms().stream()
                    .filter(p -> !parent.allPlatforms().contains(p))
                    .toList();
            if (!missing.isEmpty()) {
                String names = String.join(
                        ", ", missing.stream().map(Platform::toString).toList());
                problems.report(
                        child.enabled() && parent.enabled(),
                        child.origin().of(KEY_PLATFORMS),
                        child.id() + " is built for " + names + (child.hasPlatforms() ? "" : " (this machine's own)")
                                + ", but " + edge.verb() + " " + parent.id() + " (" + edge.location()
                                + "), which is built for " + platformNames(parent) + " only ("
                                + parent.origin().of(KEY_PLATFORMS) + "): add " + names + " to " + parent.id()
                                + "'s 'platforms', or build " + child.id() + " for fewer");
            }
        }
    }

    private static String platformNames(ImageSpec image) {
        return String.join(
                ", ", image.allPlatforms().stream().map(Platform::toString).toList());
    }

    /**
     * Adds the image of each further platform of an image, with the same edges to its parents' images of that
     * platform: each is built, decided and published on its own, like any other image.
     */
    private static void addPlatforms(
            Graph<ImageName, Dependency> graph, Map<ImageName, ImageNode> nodes, Problems problems) {
        List<Dependency> edges = List.copyOf(graph.edgeSet());
        for (ImageNode node : List.copyOf(nodes.values())) {
            ImageSpec spec = node.spec();
            for (Platform platform :
                    spec.allPlatforms().subList(1, spec.allPlatforms().size())) {
                ImageSpec other = spec.forPlatform(platform);
                if (nodes.containsKey(other.id())) {
                    problems.report(
                            spec.enabled(),
                            spec.origin().of(KEY_PLATFORMS),
                            spec.id() + "'s image for " + platform + " is tagged " + other.id()
                                    + ", which the hierarchy already has ("
                                    + nodes.get(other.id()).spec().origin().of("name")
                                    + "): give that image another tag");
                    continue;
                }
                nodes.put(other.id(), new ImageNode(other, node.externalBase(), node.externalUses()));
                graph.addVertex(other.id());
            }
        }
        for (ImageNode node : nodes.values()) {
            // a word the build must name otherwise is checked now, not when its build comes
            try {
                PlatformContainerfile.of(
                        node.spec(),
                        name -> Optional.ofNullable(nodes.get(name))
                                .map(ImageNode::spec)
                                .filter(s -> s.platformOf().isEmpty()),
                        reference -> Optional.of(reference.toString()));
            } catch (ConfigurationException e) {
                e.problems().forEach(p -> problems.report(node.spec().enabled(), p.location(), p.message()));
            }
        }
        for (Dependency edge : edges) {
            ImageSpec parent = nodes.get(edge.parent()).spec();
            ImageSpec child = nodes.get(edge.child()).spec();
            for (Platform platform :
                    child.allPlatforms().subList(1, child.allPlatforms().size())) {
                ImageName from = parent.idFor(platform);
                ImageName to = child.idFor(platform);
                if (graph.containsVertex(from) && graph.containsVertex(to)) {
                    graph.addEdge(from, to, new Dependency(from, to, edge.kind(), edge.location(), edge.parent()));
                }
            }
        }
    }

    private static String ids(List<ImageSpec> images) {
        return String.join(", ", images.stream().map(i -> i.id().toString()).toList());
    }
}
