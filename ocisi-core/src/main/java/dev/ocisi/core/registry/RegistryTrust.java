package dev.ocisi.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a registry's TLS certificate is checked against: Java's own, plus those the engines
 * trust for that registry alone, in the folders the engines read ({@code ~/.config/containers/certs.d} and
 * {@code /etc/containers/certs.d/HOST[:PORT]/*.crt} for podman and buildah, {@code /etc/docker/certs.d/HOST[:PORT]/*.crt}
 * for dockerd). A private CA put where the
 * engine finds it is then trusted by ocisi too.
 */
final class RegistryTrust {

    /** The folders that hold per-registry CAs, in the order the engines document them (rootless podman's first). */
    static final List<Path> CERTS_FOLDERS = List.of(
            Path.of(System.getProperty("user.home"), ".config", "containers", "certs.d"),
            Path.of("/etc/containers/certs.d"),
            Path.of("/etc/docker/certs.d"));

    private RegistryTrust() {}

    /** The extra CAs for this host (as {@code HOST[:PORT]}) in these folders. */
    static List<X509Certificate> extraAuthorities(String host, List<Path> folders) throws RegistryException {
        List<X509Certificate> found = new ArrayList<>();
        for (Path folder : folders) {
            Path hostFolder = folder.resolve(host);
            if (!Files.isDirectory(hostFolder)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(hostFolder, "*.crt")) {
                for (Path file : files) {
                    try (InputStream in = Files.newInputStream(file)) {
                        for (Certificate certificate :
                                CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                            found.add((X509Certificate) certificate);
                        }
                    } catch (CertificateException e) {
                        throw new RegistryException("cannot read the certificate authority " + file + " for " + host
                                + ": " + e.getMessage() + "; it must hold PEM certificates");
                    }
                }
            } catch (IOException e) {
                throw new RegistryException("cannot read " + hostFolder + ": " + e.getMessage(), e);
            }
        }
        return found;
    }

    /** An SSL context that trusts Java's authorities and the host's extra ones. */
    static SSLContext context(String host, List<Path> folders) throws RegistryException {
        try {
            List<X509TrustManager> managers = new ArrayList<>();
            managers.add(trustManager(null));
            List<X509Certificate> extra = extraAuthorities(host, folders);
            if (!extra.isEmpty()) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                for (int i = 0; i < extra.size(); i++) {
                    store.setCertificateEntry("ca-" + i, extra.get(i));
                }
                managers.add(trustManager(store));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyOf(managers)}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new RegistryException("cannot set up TLS for " + host + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a chain that any of its managers trusts. */
    private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("ocisi is no TLS server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException last = null;
            for (X509TrustManager manager : managers) {
                try {
                    manager.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream()
                    .flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }
}
