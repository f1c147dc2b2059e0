package dev.ocisi.core.engine;

class PodmanCliEngineContractTest extends EngineContract {
    @Override
    ContainerEngine engine() throws EngineException {
        return TestEngines.podmanCli();
    }
}
