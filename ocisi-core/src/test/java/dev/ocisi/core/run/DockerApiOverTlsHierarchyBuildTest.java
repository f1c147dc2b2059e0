package dev.ocisi.core.run;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.engine.TlsDockerd;
import java.util.Map;
import java.util.Optional;

/** The build contract on a dockerd standing for another machine, reached over TCP with TLS both ways. */
class DockerApiOverTlsHierarchyBuildTest extends HierarchyBuildContract {

    @Override
    protected ContainerEngine engine() throws Exception {
        return TestEngines.dockerOverTls();
    }

    @Override
    Manager manager() {
        return Manager.DOCKER;
    }

    @Override
    EngineSettings settings() {
        try {
            return EngineSettings.defaults().withDockerHost(Optional.of(TlsDockerd.shared().host));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    Map<String, String> environment() {
        try {
            return TlsDockerd.shared().environment();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
