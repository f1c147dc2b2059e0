package dev.ocisi.core.config;

import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
        TrustSettings trust = TrustSettings.NONE;
        for (Path file : files) {
            String display = Location.display(workingDirectory, file);
            read.add(file.toAbsolutePath().normalize());
            FileReading reading = new FileReading(
                    new FileContext(workingDirectory, file, new YamlSource(display), problems, managerDefault, images));
            reading.read();
            TrustSettings own = reading.trust();
            if (own.where().isPresent()) {
                if (trust.where().isPresent() && !trust.sameKeys(own)) {
                    problems.error(
                            own.where().get(),
                            "these keys differ from those at " + trust.where().get() + ", and one run signs and "
                                    + "checks with one pair: name the same files, or write them in one file only");
                } else if (trust.where().isEmpty()) {
                    trust = own;
                }
            }
        }
        checkUnique(images, problems);
        problems.throwIfErrors();
        return new Hierarchy(read, images, problems.warnings(), trust);
    }

    /** Names and distrobox names must be unique across all files; each clash is reported with both places. */
    private static void checkUnique(List<ImageSpec> images, Problems problems) {
        Map<ImageName, ImageSpec> byId = new HashMap<>();
        Map<String, ImageSpec> byBox = new LinkedHashMap<>();
        for (ImageSpec image : images) {
            ImageSpec first = byId.putIfAbsent(image.id(), image);
            if (first != null) {
                problems.error(
                        image.origin().of(ImageKeys.NAME),
                        image.id() + " is declared twice: here and at "
                                + first.origin().of(ImageKeys.NAME) + "; remove one or give it another tag");
            }
            if (image.enabled() && image.assemble()) {
                ImageSpec sameBox = byBox.putIfAbsent(image.distrobox(), image);
                if (sameBox != null) {
                    problems.error(
                            image.origin().of(ImageKeys.DISTROBOX),
                            "distrobox '" + image.distrobox()
                                    + "' would be assembled from " + image.id() + " here and from " + sameBox.id()
                                    + " at "
                                    + sameBox.origin().of(ImageKeys.NAME)
                                    + "; give one of them another 'distrobox:' name");
                }
            }
        }
    }
}
