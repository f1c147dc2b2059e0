package dev.ocisi.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest ocisi pins and compares with: of text, of a file, as lowercase hex. */
public final class Sha256 {

    private Sha256() {}

    /** A new SHA-256 digest; every Java has one. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    /** 64 hex digits. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The first 12 hex digits of a digest or image id ({@code sha256:} or not), as engines show ids to people. */
    public static String shortForm(String digest) {
        String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /** The content's digest as registries name blobs and manifests: {@code sha256:} and 64 hex digits. */
    public static String digestOf(byte[] content) {
        return "sha256:" + hex(newDigest().digest(content));
    }

    public static String ofText(String text) {
        return hex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The file's contents, read in large blocks: tarballs and disks run to gigabytes. */
    public static String ofFile(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest.digest());
    }
}
