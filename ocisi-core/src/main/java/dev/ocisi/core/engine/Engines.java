package dev.ocisi.core.engine;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.log.Log;
import java.util.EnumMap;
import java.util.Map;

/** The engine for each manager, made when first needed and said in the log; closes them all. */
public final class Engines implements AutoCloseable {

    private final EngineSettings settings;
    private final EndpointDiscovery discovery;
    private final Map<String, String> environment;
    private final Log log;
    private final Map<Manager, ContainerEngine> engines = new EnumMap<>(Manager.class);
    private final Map<Manager, EngineInfo> infos = new EnumMap<>(Manager.class);

    public Engines(EngineSettings settings, Map<String, String> environment, Log log) {
        this.settings = settings;
        this.discovery = new EndpointDiscovery(environment);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /** The environment the engines run with (which store, which login files). */
    public Map<String, String> environment() {
        return environment;
    }

    public synchronized ContainerEngine forManager(Manager manager) throws EngineException {
        ContainerEngine engine = engines.get(manager);
        if (engine == null) {
            engine = create(manager);
            EngineInfo info = engine.info();
            log.info("Engine for " + manager + ": " + info);
            engines.put(manager, engine);
            infos.put(manager, info);
        }
        return engine;
    }

    /** The engine's description, asked once when the engine was first needed. */
    public synchronized EngineInfo info(Manager manager) throws EngineException {
        forManager(manager);
        return infos.get(manager);
    }

    private ContainerEngine create(Manager manager) throws EngineException {
        if (manager == Manager.DOCKER) {
            Endpoint endpoint = discovery.docker(settings.dockerHost());
            log.info("Docker API socket: " + endpoint.uri() + " (from " + endpoint.source() + ")");
            return new DockerApiEngine(endpoint);
        }
        if (settings.podmanAccess() == EngineSettings.PodmanAccess.API) {
            Endpoint endpoint = discovery.podman(settings.podmanHost());
            log.info("podman API socket: " + endpoint.uri() + " (from " + endpoint.source() + ")");
            return new DockerApiEngine(endpoint);
        }
        // podman runs with the environment given (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF: which store it uses)
        return new PodmanCliEngine(settings.podmanExecutable(), settings.podmanRemoteOptions(), command -> {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            return builder;
        });
    }

    @Override
    public synchronized void close() {
        engines.values().forEach(ContainerEngine::close);
        engines.clear();
    }
}
