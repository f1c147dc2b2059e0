package dev.ocisi.core.engine;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.log.Log;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The engine for each manager, made when first needed and said in the log; closes them all. */
public final class Engines implements AutoCloseable {

    private final EngineSettings settings;
    private final EndpointDiscovery discovery;
    private final Map<String, String> environment;
    private final Log log;
    private final Map<Manager, ContainerEngine> engines = new EnumMap<>(Manager.class);
    private final Map<Manager, EngineInfo> infos = new EnumMap<>(Manager.class);
    private final Factory factory;

    /** Makes the engine of a manager: the settings' real one, or in tests a store of their own. */
    @FunctionalInterface
    public interface Factory {
        ContainerEngine create(Manager manager) throws EngineException;
    }

    public Engines(EngineSettings settings, Map<String, String> environment, Log log) {
        this(settings, environment, log, null);
    }

    /** @param factory makes each manager's engine; null for the engines the settings name */
    public Engines(EngineSettings settings, Map<String, String> environment, Log log, Factory factory) {
        this.settings = settings;
        this.discovery = new EndpointDiscovery(environment);
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.factory = factory != null ? factory : this::create;
    }

    /** The environment the engines run with (which store, which login files). */
    public Map<String, String> environment() {
        return environment;
    }

    public synchronized ContainerEngine forManager(Manager manager) throws EngineException {
        ContainerEngine engine = engines.get(manager);
        if (engine == null) {
            engine = new RememberingEngine(factory.create(manager));
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

    /**
     * Where the manager's engine is when its store is not this machine's (an {@code ssh://} or {@code tcp://}
     * endpoint, podman's {@code --url} or {@code --connection}): for the work that needs the images here (distrobox
     * runs its boxes on this machine). Found from the settings, without reaching the engine.
     */
    public Optional<String> remoteAddress(Manager manager) throws EngineException {
        if (manager == Manager.DOCKER) {
            return notLocal(discovery.docker(settings.dockerHost()).uri());
        }
        if (settings.podmanAccess() == EngineSettings.PodmanAccess.API) {
            return notLocal(discovery.podman(settings.podmanHost()).uri());
        }
        List<String> remote = settings.podmanRemoteOptions();
        return remote.isEmpty() ? Optional.empty() : Optional.of(remote.get(1));
    }

    private static Optional<String> notLocal(String uri) {
        return uri.startsWith("unix://") ? Optional.empty() : Optional.of(uri);
    }

    private ContainerEngine create(Manager manager) throws EngineException {
        if (manager == Manager.DOCKER) {
            Endpoint endpoint = discovery.docker(settings.dockerHost());
            log.info("Docker API socket: " + endpoint + " (from " + endpoint.source() + ")");
            return dockerApi(endpoint, "/var/run/docker.sock");
        }
        if (settings.podmanAccess() == EngineSettings.PodmanAccess.API) {
            Endpoint endpoint = discovery.podman(settings.podmanHost());
            log.info("podman API socket: " + endpoint + " (from " + endpoint.source() + ")");
            return dockerApi(endpoint, "/run/podman/podman.sock");
        }
        // podman runs with the environment given (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF: which store it uses)
        Function<List<String>, ProcessBuilder> processes = command -> {
            // -X: each command as it could be typed (logins go through files, never the argument vector)
            log.debug("$ "
                    + String.join(" ", command.stream().map(Engines::quoted).toList()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            return builder;
        };
        Optional<String> ssh = settings.podmanConnection().isPresent()
                ? Optional.empty()
                : settings.podmanHost().filter(url -> url.startsWith("ssh://"));
        if (ssh.isEmpty()) {
            return new PodmanCliEngine(settings.podmanExecutable(), settings.podmanRemoteOptions(), processes);
        }
        SshTunnel tunnel = SshTunnel.open(ssh.get(), "/run/podman/podman.sock", settings.sshKey(), environment);
        return new PodmanCliEngine(settings.podmanExecutable(), tunnel, ssh.get(), processes);
    }

    /** The Docker API at the endpoint; an {@code ssh://} one through a tunnel that closes with the engine. */
    private ContainerEngine dockerApi(Endpoint endpoint, String defaultSocket) throws EngineException {
        if (!endpoint.uri().startsWith("ssh://")) {
            return new DockerApiEngine(endpoint);
        }
        SshTunnel tunnel = SshTunnel.open(endpoint.uri(), defaultSocket, settings.sshKey(), environment);
        try {
            return new DockerApiEngine(
                    new Endpoint(
                            "unix://" + tunnel.socket(), endpoint.source() + ", through ssh " + "to " + endpoint.uri()),
                    tunnel);
        } catch (EngineException | RuntimeException e) {
            tunnel.close();
            throw e;
        }
    }

    private static String quoted(String argument) {
        return argument.matches("[A-Za-z0-9_./:=@%+,-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'";
    }

    @Override
    public synchronized void close() {
        engines.values().forEach(ContainerEngine::close);
        engines.clear();
    }
}
