package dev.ocisi.maven;

import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.StateFiles;
import dev.ocisi.core.trust.PodmanPolicy;
import dev.ocisi.core.trust.TrustException;
import dev.ocisi.core.trust.VerifyingKey;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes what podman needs to check the hierarchy's signatures on every pull, for a developer to install: a
 * policy.json (this machine's own, with a {@code sigstoreSigned} requirement by the public key for each registry
 * namespace the hierarchy publishes to) and a registries.d entry that has podman read the signatures from the
 * registry, into {@code target/ocisi/trust/}. Nothing of the machine's is changed; the log gives the two copy commands.
 * The key is {@code -Docisi.verify}, else {@code ocisi.pub} beside the hierarchy file (docs/trust.md).
 */
@Mojo(name = "trust", aggregator = true, requiresProject = false, threadSafe = true)
public class TrustMojo extends AbstractOcisiMojo {

    @Override
    void run(Log log) throws OcisiException, MojoExecutionException {
        HierarchyGraph hierarchy = readHierarchy(log);
        // -Docisi.verify, else the hierarchy file's 'verify', else ocisi.pub beside it (where keygen writes it)
        File keyFile = verify != null
                ? verify
                : hierarchy
                        .hierarchy()
                        .trust()
                        .verify()
                        .orElse(hierarchyFiles().get(0).toAbsolutePath().resolveSibling("ocisi.pub"))
                        .toFile();
        VerifyingKey key = VerifyingKey.read(keyPath(keyFile), keyFile.toString());
        RegistryOptions options = RegistryOptions.NONE.withOverride(registryOverride());
        NavigableSet<String> scopes = new TreeSet<>();
        hierarchy
                .images()
                .forEach(node ->
                        options.of(node.spec()).map(RegistryLocation::toString).ifPresent(scopes::add));
        if (scopes.isEmpty()) {
            throw new TrustException("no image of the hierarchy has a registry: there is nothing podman would pull to "
                    + "check (set 'registry:' in the hierarchy file, or -Docisi.registry)");
        }
        Path home = Path.of(System.getProperty("user.home"));
        Optional<Path> machinePolicy = java.util.stream.Stream.of(
                        home.resolve(".config/containers/policy.json"), Path.of("/etc/containers/policy.json"))
                .filter(Files::isRegularFile)
                .findFirst();
        Optional<String> existing;
        try {
            existing =
                    machinePolicy.isPresent() ? Optional.of(Files.readString(machinePolicy.get())) : Optional.empty();
        } catch (IOException e) {
            throw StateException.cannot("read " + machinePolicy.get(), e);
        }
        PodmanPolicy.Files files = PodmanPolicy.of(
                scopes,
                key.publicKey(),
                existing,
                machinePolicy.map(Path::toString).orElse("policy.json"));
        Path folder = outputDirectory().resolve("trust");
        Path policy = StateFiles.writeString(folder.resolve("policy.json"), files.policyJson());
        Path registriesD = StateFiles.writeString(folder.resolve("ocisi.yaml"), files.registriesD());
        log.info("Wrote " + policy + ": " + machinePolicy.map(p -> p + ", with").orElse("podman's default policy, with")
                + " a signature by " + keyFile + " required for " + String.join(", ", scopes));
        log.info("Wrote " + registriesD + ": podman reads the signatures from the registry");
        log.info("To have podman check them on every pull (as yourself; nothing was changed yet):");
        log.info("  mkdir -p ~/.config/containers/registries.d && cp " + policy + " ~/.config/containers/policy.json"
                + " && cp " + registriesD + " ~/.config/containers/registries.d/");
    }
}
