package dev.ocisi.core.engine;

class PodmanCliEngineContractTest extends EngineContract {
    @Override
    protected ContainerEngine engine() throws EngineException {
        return TestEngines.podmanCli();
    }
}
