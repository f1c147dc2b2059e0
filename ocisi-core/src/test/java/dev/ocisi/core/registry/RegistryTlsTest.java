package dev.ocisi.core.registry;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.plan.RegistryLogin;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a registry with TLS from a private CA: trusted when the CA is in the engines' folder for that
 * registry, refused with where to put it when it is not; and a plain-HTTP registry on the loopback, asked over HTTP.
 */
@EngineTest
class RegistryTlsTest {

    @TempDir
    Path empty;

    @Test
    void aPrivateCaIsTrustedWhereTheEnginesFindItAndNamedWhereItIsMissing() throws Exception {
        try (SecureRegistry secure = SecureRegistry.start()) {
            RegistryLocation location = RegistryLocation.parse(secure.host + "/tls");
            Optional<RegistryLogin> login =
                    Optional.of(new RegistryLogin(secure.host, SecureRegistry.USER, SecureRegistry.PASSWORD, "test"));
            RegistryClient.of(location, login).check();
            RegistryException untrusted = assertThrows(
                    RegistryException.class,
                    () -> RegistryClient.of(location, login, List.of(empty)).check());
            assertTrue(
                    untrusted.getMessage().startsWith("cannot reach registry " + secure.host + " over TLS: "),
                    untrusted.getMessage());
            assertTrue(
                    untrusted.getMessage().contains("/etc/containers/certs.d/" + secure.host + "/ca.crt"),
                    untrusted.getMessage());
        }
    }

    @Test
    void aPlainHttpRegistryOnTheLoopbackIsAskedOverHttpEveryTime() throws Exception {
        RegistryLocation location = RegistryLocation.parse(
                System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555") + "/plain");
        // Java's client reports a plain answer to its TLS hello in two ways, by timing: both must lead to HTTP
        for (int i = 0; i < 20; i++) {
            RegistryClient.of(location, Optional.empty()).check();
        }
    }
}
