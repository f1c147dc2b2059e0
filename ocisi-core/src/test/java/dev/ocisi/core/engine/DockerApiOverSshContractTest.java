package dev.ocisi.core.engine;

/** The Docker API on dockerd reached through an ssh tunnel, as an {@code ssh://} Docker host is. */
class DockerApiOverSshContractTest extends EngineContract {
    @Override
    protected ContainerEngine engine() throws Exception {
        return TestEngines.dockerOverSsh();
    }
}
