package dev.ocisi.maven;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.devcontainer.DevcontainerFile;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.OcisiException;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes a project's {@code .devcontainer/devcontainer.json} for one of the hierarchy's dev container images: the
 * image's name (and the item's runArgs), since the image's label carries the rest. A file that holds more than that
 * is a person's, and stays.
 */
@Mojo(name = "devcontainer", aggregator = true, requiresProject = false, threadSafe = true)
public class DevcontainerMojo extends AbstractOcisiMojo {

    /** The image, by name or name:tag; may be left out when the hierarchy has one dev container image. */
    @Parameter(property = "ocisi.image")
    String image;

    /** The project's folder: the file goes to its {@code .devcontainer/devcontainer.json}. */
    @Parameter(property = "ocisi.workspace")
    String workspace;

    /**
     * The store whose image the dev container runs: {@code podman} or {@code docker}; by default the image's
     * {@code manager}.
     */
    @Parameter(property = "ocisi.devcontainer.manager")
    String manager;

    @Override
    void run(Log log) throws OcisiException {
        if (workspace == null || workspace.isBlank()) {
            throw new ConfigurationException(
                    Location.option("-Docisi.workspace"),
                    "name the project's folder: " + "-Docisi.workspace=DIR writes DIR/.devcontainer/devcontainer.json");
        }
        HierarchyGraph hierarchy = readHierarchy(log);
        ImageSpec spec = DevcontainerFile.IMAGES.one(hierarchy, ImageSelector.split(image), "-Docisi.image");
        Manager store = manager == null || manager.isBlank()
                ? spec.manager()
                : Manager.parse(manager)
                        .orElseThrow(() -> new ConfigurationException(
                                Location.option("-Docisi.devcontainer.manager"),
                                "'" + manager + "' is neither podman nor " + "docker"));
        Path file = Path.of(workspace)
                .toAbsolutePath()
                .normalize()
                .resolve(".devcontainer")
                .resolve("devcontainer.json");
        boolean changed = DevcontainerFile.write(file, spec, store);
        log.info((changed ? "Wrote " : "Up to date: ") + file + " for " + spec.id() + " ("
                + DevcontainerFile.reference(spec, store) + "); in that folder: devcontainer up --workspace-folder ."
                + (store == Manager.PODMAN ? " --docker-path podman" : ""));
    }
}
