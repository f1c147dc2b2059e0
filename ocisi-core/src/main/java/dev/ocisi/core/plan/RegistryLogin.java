package dev.ocisi.core.plan;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password for one registry host, from Maven's settings or an engine's login file. The password never
 * leaves through {@link #toString()}, so no log line, exception or Maven debug dump can show it.
 *
 * @param host     the registry host as the {@code registry:} key writes it (with its port)
 * @param user     the user name
 * @param password the password or token
 * @param source   where it was found, for messages ("settings.xml server localhost:5000")
 */
public record RegistryLogin(String host, String user, String password, String source) {

    public RegistryLogin {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** {@code user:password} in base64, as HTTP Basic and the engines' login files hold it. */
    public String basic() {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "login " + user + " for " + host + " (" + source + ", password hidden)";
    }
}
