package dev.ocisi.maven;

import dev.ocisi.core.config.HierarchyFiles;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.decision.PlanDecisions;
import dev.ocisi.core.devcontainer.Consumers;
import dev.ocisi.core.distrobox.BoxAssembler;
import dev.ocisi.core.distrobox.DistroboxCli;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.HierarchyReader;
import dev.ocisi.core.graph.ImageStatus;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.RegistryLogin;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.problem.Problem;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.trust.SigningKey;
import dev.ocisi.core.trust.TrustException;
import dev.ocisi.core.trust.VerifyingKey;
import dev.ocisi.core.vm.DiskMaker;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** What every goal shares: the hierarchy files, {@code ocisi.skip}, and the translation of core's errors. */
abstract class AbstractOcisiMojo extends AbstractMojo {

    /**
     * The hierarchy file, or several separated by commas; relative paths are resolved against the project's folder
     * (the current folder when there is no project).
     */
    @Parameter(property = "ocisi.file", defaultValue = "ocisictl.yaml")
    String file;

    /**
     * The platforms of the hierarchy's images this run handles: {@code own} (this machine's), or a list such as
     * {@code linux/amd64,linux/arm64}; all that the hierarchy names when unset. Every image keeps the platform of
     * its own name.
     */
    @Parameter(property = "ocisi.platforms")
    String platforms;

    /** Skips the goal. */
    @Parameter(property = "ocisi.skip", defaultValue = "false")
    boolean skip;

    /** Where generated files go (graph files, reports); by default {@code target/ocisi}. */
    @Parameter(property = "ocisi.outputDirectory")
    File outputDirectory;

    /** How to reach podman: {@code cli} (the podman command) or {@code api} (its Docker API service). */
    @Parameter(property = "ocisi.podman", defaultValue = "cli")
    String podman;

    /**
     * The Docker daemon, when DOCKER_HOST (or the current Docker context) and /var/run/docker.sock are not it:
     * {@code unix:///path}, {@code tcp://host:2376} (TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, as Docker's own
     * client), or {@code ssh://user@host}.
     */
    @Parameter(property = "ocisi.dockerHost")
    String dockerHost;

    /**
     * podman's service on this machine or another ({@code unix://}, {@code tcp://},
     * {@code ssh://user@host[:port]/run/podman/podman.sock}): the podman CLI builds there ({@code --url}); with
     * {@code ocisi.podman=api}, the Docker API is reached there.
     */
    @Parameter(property = "ocisi.podmanHost")
    String podmanHost;

    /** A connection that {@code podman system connection add} made: the podman CLI builds there. */
    @Parameter(property = "ocisi.podmanConnection")
    String podmanConnection;

    /** The private key for ssh:// engines, when the ssh client's own choice is not it. */
    @Parameter(property = "ocisi.sshKey")
    File sshKey;

    /** The distrobox command (1.5 or newer), when {@code distrobox} on PATH is not it. */
    @Parameter(property = "ocisi.distrobox", defaultValue = "distrobox")
    String distrobox;

    /** Where VM disks are kept; by default {@code ~/.cache/ocisi/vm} (it survives {@code mvn clean}). */
    @Parameter(property = "ocisi.vm.folder")
    File vmFolder;

    /**
     * The registry every image is published to and looked for in, {@code HOST[:PORT]/NAMESPACE}; replaces the
     * hierarchy file's {@code registry:} keys.
     */
    @Parameter(property = "ocisi.registry")
    String registry;

    /** Looks in the images' registry for an image built from the same inputs before building one. */
    @Parameter(property = "ocisi.reuse", defaultValue = "true")
    boolean reuse;

    /**
     * Uses an image found in its registry under its inputs tag only when this public key (cosign's {@code .pub})
     * signed it; any other is not used: built here instead, or a failure with {@code -Docisi.pullOnly}.
     */
    @Parameter(property = "ocisi.verify")
    File verify;

    /**
     * Decrypts the passwords of settings.xml's servers, which are the registries' logins. {@code @Component} is
     * deprecated for JSR-330's {@code @Inject}; it stays until a test decrypts a password on every Maven this plugin
     * supports, which the move would need.
     */
    @SuppressWarnings("deprecation")
    @Component
    SettingsDecrypter settingsDecrypter;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    MojoExecution mojoExecution;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("ocisi: skipped (ocisi.skip)");
            return;
        }
        Optional<MavenProject> first = firstBinding();
        if (first.isPresent()) {
            getLog().debug("ocisi:" + mojoExecution.getGoal()
                    + " works on the whole hierarchy once per build: it ran in "
                    + first.get().getArtifactId() + ", so it is skipped in " + project.getArtifactId());
            return;
        }
        try {
            run(new MavenLog(getLog()));
        } catch (OcisiException e) {
            Exception translated = MojoErrors.translate(e);
            if (translated instanceof MojoFailureException failure) {
                throw failure;
            }
            throw (MojoExecutionException) translated;
        }
    }

    abstract void run(Log log) throws OcisiException, MojoExecutionException;

    /**
     * For a goal bound in the build (a parent pom's execution, inherited by every module): the earlier project of the
     * reactor that has the same execution, where the goal already ran. Maven runs an aggregator bound to a phase in
     * every module that inherits it; a goal run from the command line runs once already.
     */
    private Optional<MavenProject> firstBinding() {
        if (session == null
                || project == null
                || mojoExecution == null
                || mojoExecution.getSource() != MojoExecution.Source.LIFECYCLE) {
            return Optional.empty();
        }
        String plugin = mojoExecution.getGroupId() + ":" + mojoExecution.getArtifactId();
        for (MavenProject earlier : session.getProjects()) {
            if (earlier.equals(project)
                    || (earlier.getBasedir() != null && earlier.getBasedir().equals(project.getBasedir()))) {
                return Optional.empty();
            }
            boolean bound = earlier.getBuildPlugins().stream()
                    .filter(p -> (p.getGroupId() + ":" + p.getArtifactId()).equals(plugin))
                    .flatMap(p -> p.getExecutions().stream())
                    .anyMatch(e -> e.getGoals().contains(mojoExecution.getGoal()));
            if (bound) {
                return Optional.of(earlier);
            }
        }
        return Optional.empty();
    }

    /**
     * An ocisictl-style flag ({@code -Dall}, {@code -Dprune}): set in the plugin's {@code <configuration>}, on the
     * command line, or in an active settings.xml profile, but never from a pom property of the same name (a project's
     * {@code <all>true</all>} is no flag for ocisi).
     */
    boolean bareFlag(String name, boolean injected) {
        if (!injected || mojoExecution == null || session == null) {
            return injected;
        }
        org.codehaus.plexus.util.xml.Xpp3Dom configuration = mojoExecution.getConfiguration();
        org.codehaus.plexus.util.xml.Xpp3Dom child = configuration == null ? null : configuration.getChild(name);
        if (child != null && !("${" + name + "}").equals(child.getValue())) {
            return true; // written in <configuration>
        }
        if (session.getUserProperties().containsKey(name) || System.getProperty(name) != null) {
            return true; // -Dname on the command line (or in MAVEN_OPTS)
        }
        if (session.getSettings() != null) {
            List<String> active = session.getSettings().getActiveProfiles();
            for (org.apache.maven.settings.Profile profile :
                    session.getSettings().getProfiles()) {
                boolean on = active.contains(profile.getId())
                        || (profile.getActivation() != null
                                && profile.getActivation().isActiveByDefault());
                if (on && profile.getProperties().containsKey(name)) {
                    return true;
                }
            }
        }
        getLog().debug("-D" + name + " comes from a pom property, not from the command line or settings: ignored");
        return false;
    }

    /**
     * The registry settings of this goal: {@code -Docisi.registry}, {@code -Docisi.reuse}, and the logins of
     * settings.xml's servers whose id is the host of a registry the hierarchy uses (jib's convention), passwords
     * decrypted. A server without a user name is left to the engines' own login.
     */
    RegistryOptions registryOptions(HierarchyGraph graph)
            throws ConfigurationException, TrustException, MojoExecutionException {
        RegistryOptions options =
                RegistryOptions.NONE.withOverride(registryOverride()).withReuse(reuse);
        Set<String> hosts = new java.util.TreeSet<>();
        graph.images().forEach(node -> options.of(node.spec()).ifPresent(location -> hosts.add(location.host())));
        Map<String, RegistryLogin> logins = new java.util.LinkedHashMap<>();
        if (session != null && session.getSettings() != null) {
            for (Server server : session.getSettings().getServers()) {
                if (!hosts.contains(server.getId()) || server.getUsername() == null) {
                    continue;
                }
                Server decrypted = server;
                if (settingsDecrypter != null) {
                    SettingsDecryptionResult result =
                            settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
                    if (!result.getProblems().isEmpty()) {
                        // the problem's text names the server, never the password
                        throw new MojoExecutionException(
                                "cannot decrypt the password of settings.xml server " + server.getId() + ": "
                                        + result.getProblems().get(0).getMessage());
                    }
                    decrypted = result.getServer();
                }
                logins.put(
                        server.getId(),
                        new RegistryLogin(
                                server.getId(),
                                decrypted.getUsername(),
                                decrypted.getPassword() == null ? "" : decrypted.getPassword(),
                                "settings.xml server " + server.getId()));
            }
        }
        Optional<VerifyingKey> verifying = Optional.empty();
        if (verify != null) {
            verifying = Optional.of(VerifyingKey.read(keyPath(verify), verify.toString()));
        } else if (graph.hierarchy().trust().verify().isPresent()) {
            Path key = graph.hierarchy().trust().verify().get();
            verifying = Optional.of(VerifyingKey.read(key, Location.display(baseDirectory(), key)));
        }
        return options.withLogins(logins).withSigning(signing(graph)).withVerifying(verifying);
    }

    /** {@code -Docisi.registry}, checked. */
    Optional<RegistryLocation> registryOverride() throws ConfigurationException {
        if (registry == null || registry.isBlank()) {
            return Optional.empty();
        }
        Optional<String> problem = RegistryLocation.problem(registry.trim());
        if (problem.isPresent()) {
            throw new ConfigurationException(Location.option("-Docisi.registry"), problem.get());
        }
        return Optional.of(RegistryLocation.parse(registry.trim()));
    }

    /** The key what this goal pushes is signed with: none but for the goals that push. */
    Optional<SigningKey> signing(HierarchyGraph graph) throws TrustException, MojoExecutionException {
        return Optional.empty();
    }

    Path keyPath(File key) {
        return baseDirectory().resolve(key.toPath());
    }

    /** Reads and checks the hierarchy, logging its warnings. */
    /**
     * The boxes and dev containers that use the hierarchy's leaves, each with how it stands (one on an older image of
     * its leaf, with the command that makes it again); a store that cannot be reached is said so, and the goal goes on.
     */
    void logConsumers(HierarchyGraph hierarchy, Log log) throws ConfigurationException {
        try (Engines engines = new Engines(engineSettings(), System.getenv(), Log.SILENT)) {
            List<Consumers.Consumer> consumers = Consumers.read(hierarchy, engines);
            if (!consumers.isEmpty()) {
                log.info("");
                Consumers.log(consumers, log);
            }
        } catch (EngineException e) {
            log.info("");
            log.info("The stores could not say which boxes and dev containers use the leaves: " + e.getMessage());
        }
    }

    HierarchyGraph readHierarchy(Log log) throws OcisiException {
        HierarchyGraph graph = new HierarchyReader(workingDirectory(), System.getenv()).read(hierarchyFiles());
        graph.warnings().stream().map(Problem::line).forEach(log::warn);
        if (platforms == null || platforms.isBlank()) {
            return graph;
        }
        try {
            return graph.withPlatforms(Platform.parseList(platforms));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(Location.option("-Docisi.platforms"), e.getMessage());
        }
    }

    List<Path> hierarchyFiles() throws ConfigurationException {
        return HierarchyFiles.resolve("-Docisi.file", file, baseDirectory());
    }

    EngineSettings engineSettings() throws ConfigurationException {
        EngineSettings.PodmanAccess access;
        try {
            access = EngineSettings.PodmanAccess.valueOf(podman.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    Location.option("-Docisi.podman"),
                    "'" + podman
                            + "' is neither cli nor api: cli runs the podman command, api talks to podman's API service");
        }
        if (podmanHost != null && podmanConnection != null) {
            throw new ConfigurationException(
                    Location.option("-Docisi.podmanConnection"),
                    "give either "
                            + "-Docisi.podmanHost or -Docisi.podmanConnection: both say where podman's service is");
        }
        return EngineSettings.defaults()
                .withAccess(access)
                .withDockerHost(Optional.ofNullable(dockerHost))
                .withPodmanHost(Optional.ofNullable(podmanHost))
                .withPodmanConnection(Optional.ofNullable(podmanConnection))
                .withSshKey(Optional.ofNullable(sshKey).map(File::toPath));
    }

    /**
     * Which images of the plan a process would build now, and why. Only a preview: an engine that cannot be reached
     * costs the statuses (with a warning), not the goal.
     */
    Map<ImageName, ImageStatus> staleness(BuildPlan plan, EngineSettings settings, BuildOptions options, Log log) {
        try (Engines engines = new Engines(settings, System.getenv(), Log.SILENT)) {
            return PlanDecisions.statuses(PlanDecisions.decide(plan, engines, options, RunUser.current(), log));
        } catch (EngineException | StateException e) {
            log.warn("Cannot tell which images are stale: " + e.getMessage());
            return Map.of();
        }
    }

    /** The options of a goal that reads the state folder and the stores and builds nothing. */
    BuildOptions stateOptions() {
        return BuildOptions.in(BuildOptions.defaultStateFolder(System.getenv()))
                .lockWait(Duration.ZERO)
                .parallel(1)
                .build();
    }

    /** The boxes of the hierarchy assembled as this goal's parameters say, those of {@code failed} left alone. */
    BoxAssembler boxAssembler(Engines engines, Log log) {
        return new BoxAssembler(engines, DistroboxCli.onPath(distrobox), log);
    }

    BoxAssembler.Options boxOptions(Set<ImageName> failed) {
        return new BoxAssembler.Options(
                outputDirectory().resolve("distrobox.ini"), System.getProperty("user.home"), failed);
    }

    Path vmRoot() {
        return vmFolder != null
                ? vmFolder.toPath()
                : BuildOptions.defaultStateFolder(System.getenv()).resolve("vm");
    }

    DiskMaker diskMaker(Engines engines, Log log) {
        return new DiskMaker(
                engines,
                new CommandRunner(ProcessBuilder::new),
                !RunUser.current().uid().equals("0"),
                vmRoot(),
                log);
    }

    /** Messages name files relative to where Maven was started, which is where the user stands. */
    Path workingDirectory() {
        String root = session == null ? null : session.getExecutionRootDirectory();
        return root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    }

    /** The project's folder; with no project (Maven's stub), the folder Maven was started in. */
    Path baseDirectory() {
        return hasProject() ? project.getBasedir().toPath() : workingDirectory();
    }

    Path outputDirectory() {
        if (outputDirectory != null) {
            return outputDirectory.toPath();
        }
        return hasProject()
                ? Path.of(project.getBuild().getDirectory(), "ocisi")
                : workingDirectory().resolve("target").resolve("ocisi");
    }

    private boolean hasProject() {
        return project != null && project.getFile() != null && project.getBasedir() != null;
    }
}
