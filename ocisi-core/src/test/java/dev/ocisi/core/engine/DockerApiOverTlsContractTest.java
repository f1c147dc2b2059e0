package dev.ocisi.core.engine;

/** The Docker API on a dockerd standing for another machine, over TCP with TLS both ways. */
class DockerApiOverTlsContractTest extends EngineContract {
    @Override
    protected ContainerEngine engine() throws Exception {
        return TestEngines.dockerOverTls();
    }
}
