package dev.ocisi.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.plan.RegistryLogin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's values and the lookups that need no registry: locations, tags, update sizes, logins. */
class RegistryValuesTest {

    @TempDir
    Path dir;

    @Test
    void aLocationNamesHostAndNamespaceAndMakesEachImagesReference() {
        RegistryLocation location = RegistryLocation.parse("localhost:5000/acme/tools");
        assertEquals("localhost:5000", location.host());
        assertEquals("acme/tools", location.namespace());
        ImageName image = new ImageName("debian-python", "3.11");
        assertEquals("acme/tools/debian-python", location.repository(image));
        assertEquals("localhost:5000/acme/tools/debian-python:3.11", location.reference(image, "3.11"));
        assertEquals("ghcr.io/acme", RegistryLocation.parse("ghcr.io/acme").toString());
        assertThrows(IllegalArgumentException.class, () -> RegistryLocation.parse("acme/tools"));
        assertTrue(RegistryLocation.problem("[::1]:5000/x").isPresent(), "IPv6 literals are not taken");
    }

    @Test
    void theInputsTagIsTheWholeDigest() {
        String digest = "sha256:" + "ab".repeat(32);
        assertEquals("inputs-" + "ab".repeat(32), InputsTag.of(digest));
        assertThrows(IllegalArgumentException.class, () -> InputsTag.of("sha256:abc"));
    }

    @Test
    void theUpdateSizeCountsTheLayersTheStoreLacks() {
        RemoteImage image = new RemoteImage(
                "sha256:m",
                "application/vnd.oci.image.manifest.v1+json",
                new byte[0],
                "sha256:c",
                Map.of(),
                List.of(
                        new RemoteImage.RemoteLayer("sha256:g1", 1000, "sha256:d1"),
                        new RemoteImage.RemoteLayer("sha256:g2", 200, "sha256:d2"),
                        new RemoteImage.RemoteLayer("sha256:g3", 30, "")),
                java.time.Instant.EPOCH);
        UpdateSize update = UpdateSize.of(image, Set.of("sha256:d1", "sha256:other"));
        assertEquals(new UpdateSize(230, 1230, 2, 3), update, "a layer without a diff id counts as downloaded");
        assertEquals("230 B downloaded of 1.2 kB (2 of 3 layers)", update.describe());
        assertEquals(new UpdateSize(1460, 2460, 5, 6), update.plus(UpdateSize.of(image, Set.of())));
    }

    @Test
    void aLoginNeverShowsItsPassword() {
        RegistryLogin login = new RegistryLogin("ghcr.io", "ci", "s3cret-Token", "settings.xml server ghcr.io");
        assertFalse(login.toString().contains("s3cret"), login.toString());
        assertEquals("ci:s3cret-Token", new String(Base64.getDecoder().decode(login.basic()), StandardCharsets.UTF_8));
    }

    @Test
    void theEnginesLoginsAreFoundInPodmansOrderThenDockers() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path runtime = Files.createDirectories(dir.resolve("run/containers"));
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(runtime.resolve("auth.json"), auths("localhost:5556", "podman-user:pw1"));
        Files.writeString(
                home.resolve(".docker/config.json"),
                auths("https://ghcr.io", "docker-user:pw:with:colons")
                        .replace("}}}", "}, \"localhost:5556\": {\"auth\": \"" + b64("docker-user:pw2") + "\"}}}"));
        EngineLogins logins =
                EngineLogins.of(Map.of("XDG_RUNTIME_DIR", dir.resolve("run").toString()), home.toString(), "4242");
        assertEquals(
                Optional.of("podman-user"),
                logins.find("localhost:5556").map(RegistryLogin::user),
                "podman's file comes first");
        RegistryLogin ghcr = logins.find("ghcr.io").orElseThrow();
        assertEquals("pw:with:colons", ghcr.password(), "docker's file, keyed by URL; only the first colon splits");
        assertEquals(home.resolve(".docker/config.json").toString(), ghcr.source());
        assertEquals(Optional.empty(), logins.find("quay.io"));
        Files.writeString(runtime.resolve("auth.json"), "{not json");
        assertEquals(
                Optional.of("docker-user"),
                logins.find("localhost:5556").map(RegistryLogin::user),
                "a broken file is passed over");
    }

    @Test
    void aRegistrysOwnCertificateAuthorityComesFromTheEnginesFolders() throws Exception {
        assertEquals(List.of(), RegistryTrust.extraAuthorities("localhost:5556", List.of(dir)));
        Path podman = Files.createDirectories(dir.resolve("containers/localhost:5556"));
        Files.writeString(podman.resolve("ca.crt"), "not a certificate");
        RegistryException e = assertThrows(
                RegistryException.class,
                () -> RegistryTrust.extraAuthorities("localhost:5556", List.of(dir.resolve("containers"))));
        assertTrue(e.getMessage().contains(podman.resolve("ca.crt").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("PEM"), e.getMessage());
    }

    private static String auths(String key, String pair) {
        return "{\"auths\": {\"" + key + "\": {\"auth\": \"" + b64(pair) + "\"}}}";
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
