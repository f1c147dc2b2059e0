package dev.ocisi.core.engine;

class DockerApiOnDockerdContractTest extends EngineContract {
    @Override
    ContainerEngine engine() throws EngineException {
        return TestEngines.dockerApiOnDockerd();
    }
}
