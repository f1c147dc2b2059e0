package dev.ocisi.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Certificates made with openssl for the tests' TLS servers: a CA of their own, and what it signs, in one folder. */
public final class TestCertificates {

    private final Path folder;

    private TestCertificates(Path folder) {
        this.folder = folder;
    }

    /** A new certificate authority ({@code ca.key}, {@code ca.crt}) in the folder. */
    public static TestCertificates authority(Path folder, String name) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        TestEngines.runIn(
                folder,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt",
                "-days",
                "2",
                "-subj",
                "/CN=" + name);
        return new TestCertificates(folder);
    }

    public Path folder() {
        return folder;
    }

    public Path ca() {
        return folder.resolve("ca.crt");
    }

    /** {@code NAME.key} and {@code NAME.crt} for localhost and 127.0.0.1, signed by the CA, for a server. */
    public void server(String name) throws IOException, InterruptedException {
        sign(name, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    }

    /** {@code NAME.key} and {@code NAME.crt} signed by the CA, for a client that shows a certificate. */
    public void client(String name) throws IOException, InterruptedException {
        sign(name, "extendedKeyUsage=clientAuth\n");
    }

    private void sign(String name, String extensions) throws IOException, InterruptedException {
        TestEngines.runIn(
                folder,
                "openssl",
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".csr",
                "-subj",
                "/CN=" + (name.startsWith("server") ? "localhost" : name));
        Files.writeString(folder.resolve(name + ".ext"), extensions);
        TestEngines.runIn(
                folder,
                "openssl",
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                name + ".crt",
                "-days",
                "2",
                "-extfile",
                name + ".ext");
    }
}
