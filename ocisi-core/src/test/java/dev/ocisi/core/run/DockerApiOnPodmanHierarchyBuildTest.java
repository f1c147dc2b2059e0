package dev.ocisi.core.run;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.TestEngines;

class DockerApiOnPodmanHierarchyBuildTest extends HierarchyBuildContract {

    @Override
    protected ContainerEngine engine() throws EngineException {
        return TestEngines.dockerApiOnPodman();
    }

    @Override
    Manager manager() {
        return Manager.PODMAN;
    }

    @Override
    EngineSettings settings() {
        return EngineSettings.defaults().withAccess(EngineSettings.PodmanAccess.API);
    }
}
