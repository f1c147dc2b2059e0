package dev.ocisi.core.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.plan.InstalledPackage;
import dev.ocisi.core.plan.PackageSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bill of materials of one image of the hierarchy.
 *
 * @param image    the image
 * @param imageId  the image it describes
 * @param json     the SPDX 2.3 document
 * @param packages how many packages it lists
 * @param added    how many of them the image adds over its parent
 * @param parent   the parent it names, when it names one
 * @param known    whether the image had a package database to list (else it lists nothing)
 */
public record Sbom(
        ImageName image, String imageId, String json, int packages, int added, Optional<String> parent, boolean known) {

    public static final String MEDIA_TYPE = "application/spdx+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ARCH = Pattern.compile("[?&]arch=([^&]*)");

    /** The image id and counts read back from a document {@link SpdxDocument} made. */
    static Sbom of(ImageName image, byte[] document) throws IOException {
        JsonNode doc = JSON.readTree(document);
        String imageId = "";
        int packages = 0;
        int added = 0;
        Optional<String> parent = Optional.empty();
        for (JsonNode p : doc.path("packages")) {
            String id = p.path("SPDXID").asText();
            if (id.equals(SpdxDocument.IMAGE_ID)) {
                imageId = p.path("versionInfo").asText();
            } else if (id.equals(SpdxDocument.PARENT_ID)) {
                parent = Optional.of(p.path("name").asText());
            } else {
                packages++;
                if (p.path("comment").asText().startsWith(SpdxDocument.ADDED)) {
                    added++;
                }
            }
        }
        boolean known = !doc.path("creationInfo").path("comment").asText().equals(SpdxDocument.NO_DATABASE);
        return new Sbom(image, imageId, new String(document, StandardCharsets.UTF_8), packages, added, parent, known);
    }

    /** The packages it lists, as the refresh compares them (name, and architecture where it matters, to version). */
    public PackageSet packageSet() {
        List<InstalledPackage> listed = new ArrayList<>();
        try {
            for (JsonNode p : JSON.readTree(json).path("packages")) {
                String purl =
                        p.path("externalRefs").path(0).path("referenceLocator").asText("");
                if (purl.isEmpty()) {
                    continue;
                }
                Matcher arch = ARCH.matcher(purl);
                String name = p.path("name").asText();
                String version = p.path("versionInfo").asText();
                listed.add(new InstalledPackage(name, version, arch.find() ? arch.group(1) : "", name, version));
            }
        } catch (IOException e) {
            throw new IllegalStateException("a document that read once does not read again", e);
        }
        return PackageSet.of("spdx", listed);
    }

    public byte[] bytes() {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code 212 packages, 3 added over localhost/base:latest}, or {@code no package database}. */
    public String describe() {
        if (!known) {
            return "no package database";
        }
        return packages
                + (packages == 1 ? " package" : " packages")
                + (parent.isPresent() ? ", " + added + " added over " + parent.get() : "");
    }
}
