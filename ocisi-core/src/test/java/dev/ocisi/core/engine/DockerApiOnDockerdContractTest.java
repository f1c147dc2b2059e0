package dev.ocisi.core.engine;

class DockerApiOnDockerdContractTest extends EngineContract {
    @Override
    protected ContainerEngine engine() throws EngineException {
        return TestEngines.dockerApiOnDockerd();
    }
}
