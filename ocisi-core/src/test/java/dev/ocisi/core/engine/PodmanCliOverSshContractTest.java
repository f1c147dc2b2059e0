package dev.ocisi.core.engine;

/** The podman CLI sending its work to podman's service on "another machine": the tests' sshd on the loopback. */
class PodmanCliOverSshContractTest extends EngineContract {
    @Override
    protected ContainerEngine engine() throws Exception {
        return TestEngines.podmanOverSsh();
    }
}
