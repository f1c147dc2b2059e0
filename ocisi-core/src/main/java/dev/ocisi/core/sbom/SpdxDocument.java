package dev.ocisi.core.sbom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocisi.core.plan.InstalledPackage;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An image's bill of materials as an SPDX 2.3 JSON document, made from its package database: the image (a
 * {@code CONTAINER} package the document describes), its parent ({@code DESCENDANT_OF}), and every installed package
 * ({@code CONTAINS}) with its version, its source package and its purl. A package the parent has too (same name,
 * architecture and version) is contained by the parent as well; the others are what this image adds, and their
 * comment says so. Made from the image alone, the document is the same for the same image: its time is the image's.
 */
public final class SpdxDocument {

    /** The comment of a package the image adds over its parent (or has without a parent). */
    public static final String ADDED = "added by this image";

    /** The document's comment when the image has no database it could be made from. */
    static final String NO_DATABASE = "The image has no package database (dpkg, apk, rpm): its packages are unknown.";

    static final String IMAGE_ID = "SPDXRef-Image";
    static final String PARENT_ID = "SPDXRef-Parent";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * An image the document names.
     *
     * @param reference as ocisi names it ({@code localhost/img02:latest}) or as its base is pulled
     * @param imageId   {@code sha256:...}
     * @param created   when it was built
     */
    public record Subject(String reference, String imageId, Instant created) {}

    /**
     * What the document is made of.
     *
     * @param image          the image
     * @param packages       its package database, when it has one
     * @param os             its distribution
     * @param parent         the image it was built on, when there is one here
     * @param parentPackages the parent's database
     */
    public record Contents(
            Subject image,
            Optional<PackageDatabase> packages,
            OsRelease os,
            Optional<Subject> parent,
            Optional<PackageDatabase> parentPackages) {}

    private SpdxDocument() {}

    public static byte[] of(Contents contents, String tool) {
        Subject image = contents.image();
        ObjectNode doc = JSON.createObjectNode()
                .put("spdxVersion", "SPDX-2.3")
                .put("dataLicense", "CC0-1.0")
                .put("SPDXID", "SPDXRef-DOCUMENT")
                .put("name", image.reference())
                .put(
                        "documentNamespace",
                        "https://spdx.org/spdxdocs/ocisi/" + Purl.encode(image.reference()) + "/"
                                + hex(image.imageId()));
        ObjectNode creation = doc.putObject("creationInfo")
                .put(
                        "created",
                        DateTimeFormatter.ISO_INSTANT.format(image.created().truncatedTo(ChronoUnit.SECONDS)));
        creation.putArray("creators").add("Tool: " + tool);
        creation.put(
                "comment",
                contents.packages()
                        .map(p -> "Packages as the image's " + p.manager() + " database lists them.")
                        .orElse(NO_DATABASE));
        ArrayNode packages = doc.putArray("packages");
        ArrayNode relationships = doc.putArray("relationships");
        packages.add(container(IMAGE_ID, image));
        relate(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", IMAGE_ID);
        contents.parent().ifPresent(parent -> {
            packages.add(container(PARENT_ID, parent));
            relate(relationships, IMAGE_ID, "DESCENDANT_OF", PARENT_ID);
        });
        Set<String> inParent = new HashSet<>();
        contents.parentPackages().ifPresent(db -> db.packages().forEach(p -> inParent.add(identity(p))));
        Set<String> ids = new HashSet<>();
        if (contents.packages().isPresent()) {
            PackageDatabase db = contents.packages().get();
            for (InstalledPackage p : db.packages()) {
                String id = uniqueId(db.manager(), p, ids);
                ObjectNode node = spdxPackage(packages.addObject(), id, p.name(), p.version())
                        .put("sourceInfo", "built package from: " + p.source() + " " + p.sourceVersion());
                node.putArray("externalRefs")
                        .addObject()
                        .put("referenceCategory", "PACKAGE-MANAGER")
                        .put("referenceType", "purl")
                        .put("referenceLocator", Purl.of(db.manager(), contents.os(), p));
                relate(relationships, IMAGE_ID, "CONTAINS", id);
                if (contents.parent().isPresent() && inParent.contains(identity(p))) {
                    relate(relationships, PARENT_ID, "CONTAINS", id);
                } else {
                    node.put(
                            "comment",
                            ADDED
                                    + contents.parent()
                                            .map(s -> " over " + s.reference())
                                            .orElse(""));
                }
            }
        }
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package as installed: name, architecture and version. */
    private static String identity(InstalledPackage p) {
        return p.name() + "\n" + p.architecture() + "\n" + p.version();
    }

    private static ObjectNode container(String id, Subject image) {
        return spdxPackage(JSON.createObjectNode(), id, image.reference(), image.imageId())
                .put("primaryPackagePurpose", "CONTAINER");
    }

    /** The fields every package of the document has; nothing is downloaded or analysed, so those are said so. */
    private static ObjectNode spdxPackage(ObjectNode node, String id, String name, String version) {
        return node.put("SPDXID", id)
                .put("name", name)
                .put("versionInfo", version)
                .put("downloadLocation", "NOASSERTION")
                .put("filesAnalyzed", false);
    }

    private static void relate(ArrayNode relationships, String from, String type, String to) {
        relationships
                .addObject()
                .put("spdxElementId", from)
                .put("relationshipType", type)
                .put("relatedSpdxElement", to);
    }

    /** {@code SPDXRef-Package-deb-libc6-amd64-2.36-9}: SPDX ids allow letters, digits, dots and dashes only. */
    private static String uniqueId(String manager, InstalledPackage p, Set<String> taken) {
        String base = "SPDXRef-Package-" + manager + "-"
                + String.join(
                                "-",
                                List.of(p.name(), p.architecture(), p.version()).stream()
                                        .filter(s -> !s.isEmpty())
                                        .toList())
                        .replaceAll("[^A-Za-z0-9.-]", "-");
        String id = base;
        for (int n = 2; !taken.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private static String hex(String imageId) {
        return imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
    }
}
