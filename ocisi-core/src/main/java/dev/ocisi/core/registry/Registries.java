package dev.ocisi.core.registry;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.RegistryLogin;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.plan.RunUser;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registries of one run: where each image is published, the login for each host (Maven's settings first, then
 * the engines' own), one client per registry, and which registries could not be reached (said once, not per image).
 */
public final class Registries {

    private final RegistryOptions options;
    private final EngineLogins engineLogins;
    private final Log log;
    private final Map<RegistryLocation, RegistryClient> clients = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Map<RegistryLocation, Boolean> usable = new ConcurrentHashMap<>();

    public Registries(RegistryOptions options, EngineLogins engineLogins, Log log) {
        this.options = options;
        this.engineLogins = engineLogins;
        this.log = log;
    }

    /** With the login files of the environment the engines run with, as they would find them. */
    public static Registries of(RegistryOptions options, Map<String, String> environment, Log log) {
        return new Registries(
                options,
                EngineLogins.of(
                        environment,
                        System.getProperty("user.home"),
                        RunUser.current().uid()),
                log);
    }

    public RegistryOptions options() {
        return options;
    }

    /** Where the image is published, if anywhere. */
    public Optional<RegistryLocation> location(ImageSpec image) {
        return options.of(image);
    }

    /** The login for the host: Maven's server of that id, else the engines' stored one, else none. */
    public Optional<RegistryLogin> login(String host) {
        return options.login(host).or(() -> engineLogins.find(host));
    }

    public RegistryClient client(RegistryLocation location) throws RegistryException {
        RegistryClient client = clients.get(location);
        if (client == null) {
            Optional<RegistryLogin> login = login(location.host());
            log.debug("Registry " + location + ": "
                    + login.map(RegistryLogin::toString).orElse("no login"));
            client = RegistryClient.of(location, login);
            clients.put(location, client);
        }
        return client;
    }

    /** Checks each registry answers and takes its login; the first that does not is the error. */
    public void checkAll(Collection<ImageSpec> images) throws RegistryException {
        Set<RegistryLocation> locations = new LinkedHashSet<>();
        images.forEach(image -> location(image).ifPresent(locations::add));
        for (RegistryLocation location : locations) {
            client(location).check();
        }
    }

    /**
     * Whether the registry answers and takes its login, asked once per run: a build asks before it reads cached layers
     * there, so that a registry that is down costs the cache, not the build.
     */
    public boolean usable(RegistryLocation location) {
        return usable.computeIfAbsent(location, l -> {
            try {
                client(l).check();
                return true;
            } catch (RegistryException e) {
                warnOnce(
                        l,
                        "Cannot use " + l + " (" + e.getMessage() + "); images are built without its images "
                                + "and cached layers");
                return false;
            }
        });
    }

    /** Says once per registry that it could not be used, and what that costs. */
    public void warnOnce(RegistryLocation location, String what) {
        if (warned.add(location.toString())) {
            log.warn(what);
        }
    }
}
