package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.trust.SigningKey;
import dev.ocisi.core.trust.VerifyingKey;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code process} and {@code push} do with registries.
 *
 * @param override  {@code -Docisi.registry}: replaces every image's {@code registry:}
 * @param push      push every current image at the end of the run
 * @param pullOnly  never build: pull what is published, report what is not
 * @param reuse     look for an image with the same inputs in its registry before building it
 * @param logins    credentials by registry host (Maven's servers); a host without one uses the engines' own login
 * @param signing   {@code -Docisi.sign}: the key every image pushed is signed with
 * @param verifying {@code -Docisi.verify}: the key an image found under its inputs tag must be signed by to be used
 */
public record RegistryOptions(
        Optional<RegistryLocation> override,
        boolean push,
        boolean pullOnly,
        boolean reuse,
        Map<String, RegistryLogin> logins,
        Optional<SigningKey> signing,
        Optional<VerifyingKey> verifying) {

    public static final RegistryOptions NONE =
            new RegistryOptions(Optional.empty(), false, false, true, Map.of(), Optional.empty(), Optional.empty());

    public RegistryOptions {
        logins = Map.copyOf(logins);
    }

    /** Where the image is published: {@code -Docisi.registry}, else its {@code registry:}, else nowhere. */
    public Optional<RegistryLocation> of(ImageSpec image) {
        return override.isPresent() ? override : image.registry();
    }

    /** The login Maven's settings hold for the host, if any. */
    public Optional<RegistryLogin> login(String host) {
        return Optional.ofNullable(logins.get(host));
    }

    public RegistryOptions withOverride(Optional<RegistryLocation> value) {
        return new RegistryOptions(value, push, pullOnly, reuse, logins, signing, verifying);
    }

    public RegistryOptions withPush(boolean value) {
        return new RegistryOptions(override, value, pullOnly, reuse, logins, signing, verifying);
    }

    public RegistryOptions withPullOnly(boolean value) {
        return new RegistryOptions(override, push, value, reuse, logins, signing, verifying);
    }

    public RegistryOptions withReuse(boolean value) {
        return new RegistryOptions(override, push, pullOnly, value, logins, signing, verifying);
    }

    public RegistryOptions withLogins(Map<String, RegistryLogin> value) {
        return new RegistryOptions(override, push, pullOnly, reuse, value, signing, verifying);
    }

    public RegistryOptions withSigning(Optional<SigningKey> value) {
        return new RegistryOptions(override, push, pullOnly, reuse, logins, value, verifying);
    }

    public RegistryOptions withVerifying(Optional<VerifyingKey> value) {
        return new RegistryOptions(override, push, pullOnly, reuse, logins, signing, value);
    }
}
