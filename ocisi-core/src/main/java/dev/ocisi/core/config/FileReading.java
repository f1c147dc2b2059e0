package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problems;
import dev.ocisi.core.problem.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** One file: its YAML, its top level, and its items. */
final class FileReading {
    private final FileContext context;
    private final Path file;
    private final YamlSource source;
    private final Problems problems;
    private final List<ImageSpec> images;
    private TrustSettings trust = TrustSettings.NONE;

    FileReading(FileContext context) {
        this.context = context;
        this.file = context.file();
        this.source = context.source();
        this.problems = context.problems();
        this.images = context.images();
    }

    /** The file's {@code sign} and {@code verify} keys, once {@link #read} has read it. */
    TrustSettings trust() {
        return trust;
    }

    void read() {
        Location whole = Location.of(source.display());
        Optional<String> notAFile = TextFiles.notAFile(file);
        if (notAFile.isPresent()) {
            problems.error(
                    whole,
                    notAFile.get().equals("does not exist")
                            ? "no such hierarchy file (" + file.toAbsolutePath().normalize() + ")"
                            : "the hierarchy file " + notAFile.get()
                                    + (Files.isDirectory(file) ? "; name the YAML file in it" : ""));
            return;
        }
        List<Node> documents = YamlReader.read(file, source, problems);
        if (documents == null) {
            return;
        }
        if (documents.isEmpty()) {
            problems.error(whole, "the file is empty; it should hold a list of images (see docs/configuration.md)");
            return;
        }
        if (documents.size() > 1) {
            problems.error(
                    source.locate(documents.get(1)),
                    "a hierarchy file holds one YAML document and this is "
                            + "a second one; remove the '---' or move it to a file of its own");
        }
        Node root = documents.get(0);
        if (root instanceof SequenceNode list) {
            readItems(list, YamlFields.empty(source, problems));
        } else if (root instanceof MappingNode mapping) {
            readMappingForm(mapping);
        } else {
            problems.error(
                    source.locate(root),
                    "expected a list of images, or a mapping with 'images' (and " + "'defaults'); found "
                            + YamlSource.describe(root));
        }
    }

    private void readMappingForm(MappingNode mapping) {
        YamlFields top = YamlFields.read(mapping, source, problems);
        for (String key : top.keys()) {
            if (!ImageKeys.TOP_LEVEL.contains(key)) {
                problems.error(
                        top.keyLocation(key),
                        "unknown key '" + key + "' at the top level"
                                + Suggestions.closest(key, ImageKeys.TOP_LEVEL)
                                        .map(s -> "; did you mean '" + s + "'?")
                                        .orElse("; the top level holds 'defaults' and 'images'"));
            }
        }
        YamlFields defaults = YamlFields.empty(source, problems);
        YamlFields.Field defaultsField = top.field(ImageKeys.DEFAULTS);
        if (defaultsField != null && !top.isAbsent(ImageKeys.DEFAULTS)) {
            if (defaultsField.value() instanceof MappingNode defaultsMapping) {
                defaults = YamlFields.read(defaultsMapping, source, problems);
                checkKeys(defaults, "in 'defaults'");
                trust = TrustSettings.of(defaults, file.toAbsolutePath().getParent(), problems);
                if (defaults.field(ImageKeys.NAME) != null) {
                    problems.error(
                            defaults.keyLocation(ImageKeys.NAME),
                            "'name' cannot have a default: every image names itself");
                }
                if (defaults.field(ImageKeys.ROOTFS) != null) {
                    problems.error(
                            defaults.keyLocation(ImageKeys.ROOTFS),
                            "'rootfs' cannot have a default: "
                                    + "it makes an image without a Containerfile; write it on that image's item");
                }
            } else {
                problems.error(
                        source.locate(defaultsField.value()),
                        "'defaults' is a mapping of image keys, " + "found "
                                + YamlSource.describe(defaultsField.value()));
            }
        }
        YamlFields.Field imagesField = top.field(ImageKeys.IMAGES);
        if (imagesField == null) {
            problems.error(source.locate(mapping), "the file has no 'images': list the images under it");
        } else if (imagesField.value() instanceof SequenceNode list) {
            readItems(list, defaults);
        } else if (!top.isAbsent(ImageKeys.IMAGES)) {
            problems.error(
                    source.locate(imagesField.value()),
                    "'images' is a list of images, found " + YamlSource.describe(imagesField.value()));
        }
    }

    private void readItems(SequenceNode list, YamlFields defaults) {
        YamlFields defaultBox = BoxKeys.fields(defaults);
        YamlFields defaultVm = VmKeys.fields(defaults);
        // checked on their own too, so that a wrong default is reported even when no item uses it
        BoxKeys.settings(defaultBox, problems);
        DevcontainerKeys.check(defaults, problems);
        if (!defaults.isAbsent(ImageKeys.VM)) {
            VmKeys.settings(defaultVm, file.toAbsolutePath().getParent(), problems);
        }
        for (Node node : list.getValue()) {
            if (node instanceof MappingNode mapping) {
                YamlFields fields = YamlFields.read(mapping, source, problems);
                checkKeys(fields, "");
                TrustSettings.refuseOnItem(fields, problems);
                // box keys merge one by one: an item's box adds to the defaults' box
                YamlFields box = BoxKeys.fields(fields).withDefaults(defaultBox);
                // likewise vm keys, but only an item that writes 'vm:' itself becomes a VM
                YamlFields vm = fields.isAbsent(ImageKeys.VM)
                        ? null
                        : VmKeys.fields(fields).withDefaults(defaultVm);
                ImageSpec image = new ItemReading(
                                context,
                                fields.withDefaults(defaults),
                                fields,
                                defaults,
                                source.locate(node),
                                box,
                                fields.isAbsent(ImageKeys.BOX) ? null : fields.keyLocation(ImageKeys.BOX),
                                vm)
                        .read();
                if (image != null) {
                    images.add(image);
                }
            } else {
                problems.error(
                        source.locate(node),
                        "each image is a mapping of keys such as 'name' and 'path', " + "found "
                                + YamlSource.describe(node));
            }
        }
    }

    private void checkKeys(YamlFields fields, String where) {
        for (String key : fields.keys()) {
            if (!ImageKeys.ALL.contains(key)) {
                problems.error(
                        fields.keyLocation(key),
                        "unknown key '" + key + "'" + (where.isEmpty() ? "" : " " + where)
                                + Suggestions.closest(key, ImageKeys.ALL)
                                        .map(s -> "; did you mean '" + s + "'?")
                                        .orElse("; the keys are " + String.join(", ", ImageKeys.ALL)));
            }
        }
    }
}
