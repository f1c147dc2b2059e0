package dev.ocisi.core.run;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.SshService;
import dev.ocisi.core.engine.TestEngines;
import java.util.Map;
import java.util.Optional;

/** The build contract with podman's CLI sending every call to podman's service through the tests' sshd. */
class PodmanCliOverSshHierarchyBuildTest extends HierarchyBuildContract {

    @Override
    protected ContainerEngine engine() throws Exception {
        return TestEngines.podmanOverSsh();
    }

    @Override
    Manager manager() {
        return Manager.PODMAN;
    }

    @Override
    EngineSettings settings() {
        try {
            SshService ssh = SshService.shared();
            return EngineSettings.defaults()
                    .withPodmanHost(Optional.of(ssh.url("/run/podman/podman.sock")))
                    .withSshKey(Optional.of(ssh.key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    Map<String, String> environment() {
        try {
            return SshService.shared().environment();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
