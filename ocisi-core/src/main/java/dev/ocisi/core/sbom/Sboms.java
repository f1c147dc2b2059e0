package dev.ocisi.core.sbom;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.plan.PackageSet;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bills of materials of a hierarchy's images: made from an image's package database and its parent's (the
 * hierarchy's parent, or the base it was built on where this store holds it), and kept in the state folder by the
 * two images' ids, which name them forever: a run that changed nothing reads small files and starts no container.
 */
public final class Sboms {

    private static final String TOOL = "ocisi";

    private final HierarchyGraph graph;
    private final Engines engines;
    private final Path folder;
    private final Map<String, Optional<PackageDatabase>> packages = new ConcurrentHashMap<>();

    public Sboms(HierarchyGraph graph, Engines engines, Path stateFolder) {
        this.graph = graph;
        this.engines = engines;
        this.folder = stateFolder.resolve("sbom");
    }

    /** The image's bill of materials; none when its store no longer holds it. */
    public Optional<Sbom> of(ImageSpec spec, String imageId) throws EngineException {
        ContainerEngine engine = engines.forManager(spec.manager());
        Optional<ImageDetails> parent = Optional.empty();
        Optional<String> parentReference = parentReference(spec.id());
        if (parentReference.isPresent()) {
            parent = graph.parent(spec.id()).isEmpty() ? builtOn(imageId, engine) : Optional.empty();
            if (parent.isEmpty()) {
                parent = engine.inspect(parentReference.get());
            }
        }
        Path kept =
                folder.resolve(hex(imageId) + "-" + parent.map(p -> hex(p.id())).orElse("none") + ".spdx.json");
        try {
            if (Files.isRegularFile(kept)) {
                return Optional.of(Sbom.of(spec.id(), Files.readAllBytes(kept)));
            }
        } catch (IOException e) {
            // made again from the image
        }
        Optional<ImageDetails> image = engine.inspect(imageId);
        if (image.isEmpty()) {
            return Optional.empty();
        }
        Optional<SpdxDocument.Subject> parentSubject =
                parent.map(p -> new SpdxDocument.Subject(parentReference.orElseThrow(), p.id(), p.created()));
        Optional<PackageDatabase> parentPackages =
                parent.isPresent() ? packagesOf(parent.get().id(), engine) : Optional.empty();
        PackageDatabase.Found found = PackageDatabase.read(imageId, engine, true);
        packages.put(imageId, found.packages());
        byte[] document = SpdxDocument.of(
                new SpdxDocument.Contents(
                        new SpdxDocument.Subject(
                                spec.id().localReference(),
                                image.get().id(),
                                image.get().created()),
                        found.packages(),
                        found.os(),
                        parentSubject,
                        parentPackages),
                TOOL);
        keep(kept, document);
        try {
            return Optional.of(Sbom.of(spec.id(), document));
        } catch (IOException e) {
            throw new IllegalStateException("a document just made does not read: " + e.getMessage(), e);
        }
    }

    /**
     * Writes each document to {@code folder}/NAME.spdx.json (NAME@TAG for a tag other than latest), each whole. The
     * document of another image that was there (the image this one replaced) becomes NAME.previous.spdx.json, so that
     * what changed from it can be said ({@link #changes}).
     */
    public static List<Written> write(Path folder, List<Sbom> sboms) throws StateException {
        List<Written> written = new ArrayList<>();
        for (Sbom sbom : sboms) {
            Path file = file(folder, sbom.image());
            Optional<Sbom> before = read(folder, sbom.image());
            boolean replaced = before.isPresent() && !before.get().imageId().equals(sbom.imageId());
            if (replaced) {
                StateFiles.writeString(
                        previousFile(folder, sbom.image()), before.get().json());
            }
            StateFiles.writeString(file, sbom.json());
            written.add(new Written(sbom, file, replaced));
        }
        return written;
    }

    /**
     * A document {@link #write} wrote.
     *
     * @param replaced whether it replaced the document of another image (the one before), which it kept
     */
    public record Written(Sbom sbom, Path file, boolean replaced) {}

    /** The file {@link #write} wrote for the image in {@code folder}. */
    public static Path file(Path folder, ImageName image) {
        return folder.resolve(image.fileName() + ".spdx.json");
    }

    /** The document {@link #write} wrote for the image in {@code folder}, when there is one that reads. */
    public static Optional<Sbom> read(Path folder, ImageName image) {
        return readFile(file(folder, image), image);
    }

    /**
     * How the image's packages changed from the image before it (whose document {@link #write} kept), when both
     * documents are there and both images had a package database.
     */
    public static Optional<PackageSet.Changes> changes(Path folder, ImageName image) {
        Optional<Sbom> now = read(folder, image);
        Optional<Sbom> before = readFile(previousFile(folder, image), image);
        if (now.isEmpty()
                || before.isEmpty()
                || !now.get().known()
                || !before.get().known()) {
            return Optional.empty();
        }
        return Optional.of(now.get().packageSet().changesSince(before.get().packageSet()));
    }

    private static Path previousFile(Path folder, ImageName image) {
        return folder.resolve(image.fileName() + ".previous.spdx.json");
    }

    private static Optional<Sbom> readFile(Path file, ImageName image) {
        try {
            return Optional.of(Sbom.of(image, Files.readAllBytes(file)));
        } catch (IOException e) {
            return Optional.empty(); // none written, or not one of ours
        }
    }

    /** The hierarchy's parent as ocisi tags it, else the external base its Containerfile names. */
    private Optional<String> parentReference(ImageName image) {
        Optional<ImageNode> parent = graph.parent(image);
        if (parent.isPresent()) {
            return Optional.of(parent.get().id().localReference());
        }
        return graph.find(image).flatMap(ImageNode::externalBase).map(Object::toString);
    }

    /**
     * The external base the image was built on, by the id its label records: the written name may hold another image
     * by now (a refreshed tag), and for another platform's image it holds this machine's platform's image.
     */
    private static Optional<ImageDetails> builtOn(String imageId, ContainerEngine engine) throws EngineException {
        Optional<ImageDetails> image = engine.inspect(imageId);
        String base =
                image.map(i -> i.labels().getOrDefault(OcisiLabels.PARENT, "")).orElse("");
        return base.isEmpty() ? Optional.empty() : engine.inspect(base);
    }

    /** A parent's packages: read once a run, as the images of one parent are many. */
    private Optional<PackageDatabase> packagesOf(String imageId, ContainerEngine engine) throws EngineException {
        Optional<PackageDatabase> known = packages.get(imageId);
        if (known == null) {
            known = PackageDatabase.read(imageId, engine);
            packages.put(imageId, known);
        }
        return known;
    }

    private void keep(Path file, byte[] document) {
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, "sbom-", ".tmp");
            Files.write(temporary, document);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // kept or not, the document is right: the next run makes it again
        }
    }

    private static String hex(String id) {
        return id.startsWith("sha256:") ? id.substring(7) : id;
    }
}
