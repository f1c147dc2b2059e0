package dev.ocisi.core.config;

import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problems;
import dev.ocisi.core.problem.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads hierarchy files into a {@link Hierarchy}. An unmodified ocisictl file means what it meant there; every
 * problem of every file is reported in one pass, each with the file, line and column it concerns.
 */
public final class HierarchyLoader {

    private final Path workingDirectory;
    private final Map<String, String> environment;

    /**
     * @param workingDirectory file names in messages are shown relative to it
     * @param environment      the environment ({@code DBX_CONTAINER_MANAGER} sets the default manager)
     */
    public HierarchyLoader(Path workingDirectory, Map<String, String> environment) {
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.environment = Map.copyOf(environment);
    }

    public Hierarchy load(List<Path> files) throws ConfigurationException {
        Problems problems = new Problems();
        List<ImageSpec> images = new ArrayList<>();
        List<Path> read = new ArrayList<>();
        ManagerDefault managerDefault = new ManagerDefault(environment.get(Manager.ENVIRONMENT_VARIABLE));
        for (Path file : files) {
            String display = Location.display(workingDirectory, file);
            read.add(file.toAbsolutePath().normalize());
            new FileReading(file, new YamlSource(display), problems, managerDefault, images).read();
        }
        checkUnique(images, problems);
        problems.throwIfErrors();
        return new Hierarchy(read, images, problems.warnings());
    }

    /** The manager of images that name none; a bad environment variable is reported once, not per image. */
    private static final class ManagerDefault {
        private final String variable;
        private boolean reported;

        ManagerDefault(String variable) {
            this.variable = variable == null || variable.isBlank() ? null : variable;
        }

        Manager resolve(Location where, Problems problems) {
            if (variable == null) {
                return Manager.DEFAULT;
            }
            Optional<Manager> manager = Manager.parse(variable);
            if (manager.isEmpty() && !reported) {
                reported = true;
                problems.error(where, "this image takes its manager from " + Manager.ENVIRONMENT_VARIABLE + "='"
                        + variable + "', which is neither docker nor podman; set 'manager:' or fix the variable");
            }
            return manager.orElse(Manager.DEFAULT);
        }
    }

    /** One file: its YAML, its top level, and its items. */
    private final class FileReading {
        private final Path file;
        private final YamlSource source;
        private final Problems problems;
        private final ManagerDefault managerDefault;
        private final List<ImageSpec> images;

        FileReading(Path file, YamlSource source, Problems problems, ManagerDefault managerDefault,
                List<ImageSpec> images) {
            this.file = file;
            this.source = source;
            this.problems = problems;
            this.managerDefault = managerDefault;
            this.images = images;
        }

        void read() {
            Location whole = Location.of(source.display());
            Optional<String> notAFile = TextFiles.notAFile(file);
            if (notAFile.isPresent()) {
                problems.error(whole, notAFile.get().equals("does not exist")
                        ? "no such hierarchy file (" + file.toAbsolutePath().normalize() + ")"
                        : "the hierarchy file " + notAFile.get() + (Files.isDirectory(file)
                                ? "; name the YAML file in it" : ""));
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
                problems.error(source.locate(documents.get(1)), "a hierarchy file holds one YAML document and this is "
                        + "a second one; remove the '---' or move it to a file of its own");
            }
            Node root = documents.get(0);
            if (root instanceof SequenceNode list) {
                readItems(list, YamlFields.empty(source, problems));
            } else if (root instanceof MappingNode mapping) {
                readMappingForm(mapping);
            } else {
                problems.error(source.locate(root), "expected a list of images, or a mapping with 'images' (and "
                        + "'defaults'); found " + YamlSource.describe(root));
            }
        }

        private void readMappingForm(MappingNode mapping) {
            YamlFields top = YamlFields.read(mapping, source, problems);
            for (String key : top.keys()) {
                if (!ImageKeys.TOP_LEVEL.contains(key)) {
                    problems.error(top.keyLocation(key), "unknown key '" + key + "' at the top level"
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
                    if (defaults.field(ImageKeys.NAME) != null) {
                        problems.error(defaults.keyLocation(ImageKeys.NAME),
                                "'name' cannot have a default: every image names itself");
                    }
                    if (defaults.field(ImageKeys.ROOTFS) != null) {
                        problems.error(defaults.keyLocation(ImageKeys.ROOTFS), "'rootfs' cannot have a default: "
                                + "it makes an image without a Containerfile; write it on that image's item");
                    }
                } else {
                    problems.error(source.locate(defaultsField.value()), "'defaults' is a mapping of image keys, "
                            + "found " + YamlSource.describe(defaultsField.value()));
                }
            }
            YamlFields.Field imagesField = top.field(ImageKeys.IMAGES);
            if (imagesField == null) {
                problems.error(source.locate(mapping), "the file has no 'images': list the images under it");
            } else if (imagesField.value() instanceof SequenceNode list) {
                readItems(list, defaults);
            } else if (!top.isAbsent(ImageKeys.IMAGES)) {
                problems.error(source.locate(imagesField.value()), "'images' is a list of images, found "
                        + YamlSource.describe(imagesField.value()));
            }
        }

        private void readItems(SequenceNode list, YamlFields defaults) {
            YamlFields defaultBox = BoxKeys.fields(defaults);
            YamlFields defaultVm = VmKeys.fields(defaults);
            // checked on their own too, so that a wrong default is reported even when no item uses it
            BoxKeys.settings(defaultBox, problems);
            if (!defaults.isAbsent(ImageKeys.VM)) {
                VmKeys.settings(defaultVm, file.toAbsolutePath().getParent(), problems);
            }
            for (Node node : list.getValue()) {
                if (node instanceof MappingNode mapping) {
                    YamlFields fields = YamlFields.read(mapping, source, problems);
                    checkKeys(fields, "");
                    // box keys merge one by one: an item's box adds to the defaults' box
                    YamlFields box = BoxKeys.fields(fields).withDefaults(defaultBox);
                    // likewise vm keys, but only an item that writes 'vm:' itself becomes a VM
                    YamlFields vm = fields.isAbsent(ImageKeys.VM) ? null
                            : VmKeys.fields(fields).withDefaults(defaultVm);
                    ImageSpec image = new ItemReading(fields.withDefaults(defaults), fields, source.locate(node), box,
                            fields.isAbsent(ImageKeys.BOX) ? null : fields.keyLocation(ImageKeys.BOX), vm).read();
                    if (image != null) {
                        images.add(image);
                    }
                } else {
                    problems.error(source.locate(node), "each image is a mapping of keys such as 'name' and 'path', "
                            + "found " + YamlSource.describe(node));
                }
            }
        }

        private void checkKeys(YamlFields fields, String where) {
            for (String key : fields.keys()) {
                if (!ImageKeys.ALL.contains(key)) {
                    problems.error(fields.keyLocation(key), "unknown key '" + key + "'" + (where.isEmpty() ? "" : " " + where)
                            + Suggestions.closest(key, ImageKeys.ALL)
                                    .map(s -> "; did you mean '" + s + "'?")
                                    .orElse("; the keys are " + String.join(", ", ImageKeys.ALL)));
                }
            }
        }

        /** One item: its values checked, its defaults applied, its files found. */
        private final class ItemReading {
            private final YamlFields fields;
            private final YamlFields own;
            private final Location itemLocation;
            private final YamlFields box;
            private final Location ownBox;
            private final YamlFields vm;
            private boolean valid = true;

            /**
             * @param own    the keys the item writes itself, without the defaults'
             * @param ownBox where the item itself writes {@code box:}, or null
             */
            ItemReading(YamlFields fields, YamlFields own, Location itemLocation, YamlFields box, Location ownBox,
                    YamlFields vm) {
                this.vm = vm;
                this.fields = fields;
                this.own = own;
                this.itemLocation = itemLocation;
                this.box = box;
                this.ownBox = ownBox;
            }

            ImageSpec read() {
                String name = checked(fields.string(ImageKeys.NAME), ImageKeys.NAME, Names::imageNameProblem);
                String what = name == null ? "this image" : "image '" + name + "'";
                boolean rootfs = !own.isAbsent(ImageKeys.ROOTFS);
                for (String key : ImageKeys.REQUIRED) {
                    // an image made from a root filesystem has no Containerfile to find in 'path'
                    if (fields.isAbsent(key) && !(rootfs && key.equals(ImageKeys.PATH))) {
                        problems.error(itemLocation, what + " has no '" + key + "'" + requiredHint(key));
                        valid = false;
                    }
                }
                Boolean enabled = fields.isAbsent(ImageKeys.ENABLED) ? null : fields.bool(ImageKeys.ENABLED);
                String pathText = fields.string(ImageKeys.PATH);
                String tag = checked(fields.string(ImageKeys.TAG), ImageKeys.TAG, Names::tagProblem);
                Manager manager = manager();
                String distrobox = checked(fields.string(ImageKeys.DISTROBOX), ImageKeys.DISTROBOX,
                        Names::distroboxProblem);
                Boolean assemble = fields.isAbsent(ImageKeys.ASSEMBLE) ? null : fields.bool(ImageKeys.ASSEMBLE);
                String containerfileName = fields.string(ImageKeys.CONTAINERFILE);
                Map<String, String> args = fields.stringMap(ImageKeys.ARGS, Names::argNameProblem);
                Map<String, String> labels = fields.stringMap(ImageKeys.LABELS, Names::labelNameProblem);
                String parent = checked(fields.string(ImageKeys.PARENT), ImageKeys.PARENT, this::parentProblem);
                boolean dx = !rootfs && name != null && name.endsWith(ImageSpec.DX_SUFFIX);
                Path folder = file.toAbsolutePath().getParent();
                Path context = rootfs ? folder
                        : pathText == null ? null : folder.resolve(pathText).normalize();
                Path containerfile = null;
                Optional<RootfsSettings> rootfsSettings = Optional.empty();
                if (rootfs) {
                    rootfsSettings = rootfsSettings(what, enabled == null || enabled, folder);
                } else if (context != null && (name != null || containerfileName != null)) {
                    String defaultContainerfile = dx ? "Containerfile.img-dx" : "Containerfile." + name;
                    containerfile = context.resolve(containerfileName == null ? defaultContainerfile
                            : containerfileName).normalize();
                }
                if (context != null && !rootfs) {
                    // checked even when other values are wrong, so that one pass reports everything
                    checkFiles(enabled == null || enabled, context, containerfile, containerfileName == null, dx);
                }
                BoxSettings boxSettings = BoxKeys.settings(box, problems);
                boolean assembled = assemble == null ? dx : assemble;
                Optional<VmSettings> vmSettings = vm == null ? Optional.empty()
                        : Optional.ofNullable(VmKeys.settings(vm, file.toAbsolutePath().getParent(), problems));
                if (vm != null && vmSettings.isEmpty()) {
                    valid = false;
                }
                if (ownBox != null && !assembled && name != null) {
                    problems.error(ownBox, "image '" + name + "' has 'box' settings but is not assembled as a "
                            + "distrobox: add 'assemble: true', or remove 'box'");
                    valid = false;
                }
                if (!valid || name == null || enabled == null || context == null || args == null || labels == null
                        || boxSettings == null || (!fields.isAbsent(ImageKeys.ASSEMBLE) && assemble == null)) {
                    return null;
                }
                ImageName id = new ImageName(name, tag == null || tag.isEmpty() ? ImageReference.DEFAULT_TAG : tag);
                return new ImageSpec(id, context, containerfile, enabled, manager,
                        distrobox == null ? name : distrobox,
                        assembled, boxSettings, vmSettings, rootfsSettings,
                        args, labels, Optional.ofNullable(parent), images.size(),
                        new Origin(file.toAbsolutePath().normalize(), itemLocation, fields.valueLocations()));
            }

            /** The item's root filesystem; a key that belongs to Containerfiles is reported, not ignored. */
            private Optional<RootfsSettings> rootfsSettings(String what, boolean enabled, Path folder) {
                for (String key : ImageKeys.CONTAINERFILE_ONLY) {
                    if (!own.isAbsent(key)) {
                        problems.error(own.keyLocation(key), what + " is made from 'rootfs', which has no "
                                + "Containerfile, so '" + key + "' has nothing to apply to: remove it");
                        valid = false;
                    }
                }
                RootfsSettings settings = RootfsKeys.settings(own, folder, enabled, problems);
                if (settings == null) {
                    valid = false;
                }
                return Optional.ofNullable(settings);
            }

            private String checked(String value, String key, Function<String, Optional<String>> rule) {
                if (value == null) {
                    return null;
                }
                Optional<String> problem = rule.apply(value);
                if (problem.isPresent()) {
                    problems.error(fields.valueLocation(key), problem.get());
                    valid = false;
                    return null;
                }
                return value;
            }

            private Manager manager() {
                String text = fields.string(ImageKeys.MANAGER);
                if (text == null) {
                    return managerDefault.resolve(itemLocation, problems);
                }
                Optional<Manager> manager = Manager.parse(text);
                if (manager.isEmpty()) {
                    problems.error(fields.valueLocation(ImageKeys.MANAGER), "manager '" + text + "' is neither docker "
                            + "nor podman" + Suggestions.didYouMean(text, Manager.ids()));
                    valid = false;
                }
                return manager.orElse(Manager.DEFAULT);
            }

            private Optional<String> parentProblem(String parent) {
                try {
                    ImageReference reference = ImageReference.parse(parent);
                    if (reference.isQualified() || reference.digest() != null || reference.path().contains("/")) {
                        return Optional.of("'parent' names an image of the hierarchy as name or name:tag, found '"
                                + parent + "'");
                    }
                    return Optional.empty();
                } catch (ImageReference.InvalidReferenceException e) {
                    return Optional.of("'parent' " + e.getMessage());
                }
            }

            private void checkFiles(boolean enabled, Path context, Path containerfile, boolean defaultName,
                    boolean dx) {
                String why = enabled ? "" : " (the image is disabled, so this only warns)";
                if (!Files.isDirectory(context)) {
                    problems.report(enabled, fields.valueLocation(ImageKeys.PATH), "folder '"
                            + Location.display(workingDirectory, context) + "' does not exist; 'path' names the "
                            + "folder that holds the Containerfile, relative to the hierarchy file" + why);
                    return;
                }
                Optional<String> notAFile = containerfile == null ? Optional.empty()
                        : TextFiles.notAFile(containerfile);
                if (notAFile.isPresent()) {
                    String hint = defaultName
                            ? (dx ? "; a -dx image is built from the shared Containerfile.img-dx"
                                    : "; ocisi looks for Containerfile.<name>")
                                    + " in 'path', or set 'containerfile:'"
                            : "";
                    Location at = defaultName ? fields.valueLocation(ImageKeys.NAME)
                            : fields.valueLocation(ImageKeys.CONTAINERFILE);
                    boolean missing = notAFile.get().equals("does not exist");
                    problems.report(enabled, at, "Containerfile '" + Location.display(workingDirectory, containerfile)
                            + "' " + notAFile.get() + (missing ? hint : "; name a Containerfile") + why);
                }
            }
        }
    }

    private static String requiredHint(String key) {
        return switch (key) {
            case ImageKeys.NAME -> "; every image needs a name";
            case ImageKeys.PATH -> ": the folder that holds its Containerfile";
            case ImageKeys.ENABLED -> ": write 'enabled: true' to build it or 'enabled: false' to keep it aside";
            default -> "";
        };
    }

    /** Names and distrobox names must be unique across all files; each clash is reported with both places. */
    private static void checkUnique(List<ImageSpec> images, Problems problems) {
        Map<ImageName, ImageSpec> byId = new HashMap<>();
        Map<String, ImageSpec> byBox = new LinkedHashMap<>();
        for (ImageSpec image : images) {
            ImageSpec first = byId.putIfAbsent(image.id(), image);
            if (first != null) {
                problems.error(image.origin().of(ImageKeys.NAME), image.id() + " is declared twice: here and at "
                        + first.origin().of(ImageKeys.NAME) + "; remove one or give it another tag");
            }
            if (image.enabled() && image.assemble()) {
                ImageSpec sameBox = byBox.putIfAbsent(image.distrobox(), image);
                if (sameBox != null) {
                    problems.error(image.origin().of(ImageKeys.DISTROBOX), "distrobox '" + image.distrobox()
                            + "' would be assembled from " + image.id() + " here and from " + sameBox.id() + " at "
                            + sameBox.origin().of(ImageKeys.NAME) + "; give one of them another 'distrobox:' name");
                }
            }
        }
    }
}
