package dev.ocisi.core.registry;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test registry's own log (scripts/engines.sh starts it with one): what it served and took, counted by the
 * registry itself, so that a test checks ocisi's update size and "nothing uploaded" against the registry's account.
 */
public final class RegistryLog {

    private static final Pattern BLOB_GET = Pattern.compile(
            "http\\.request\\.method=GET .*http\\.request\\.uri=\"/v2/[^\"]*/blobs/(sha256:[0-9a-f]{64})\".*"
                    + "http\\.response\\.status=200 http\\.response\\.written=(\\d+)");
    private static final Pattern UPLOAD = Pattern.compile(
            "http\\.request\\.method=(PATCH|PUT|POST) .*http\\.request\\.uri=\"/v2/([^\"]*)/blobs/uploads/");

    private final Path file;

    private RegistryLog(Path file) {
        this.file = file;
    }

    public static RegistryLog ofTestRegistry() {
        Path file =
                Path.of(System.getenv().getOrDefault("OCISI_ENGINES_STATE", "/var/tmp/ocisi-engines"), "registry.log");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("the test registry's log " + file + " is missing: start the registry with "
                    + "scripts/engines.sh (bash scripts/test.sh does)");
        }
        return new RegistryLog(file);
    }

    /** Where the log ends now. */
    public long mark() throws IOException {
        return Files.size(file);
    }

    /** Bytes the registry served since the mark for GETs of these blobs. */
    public long blobBytesServedSince(long mark, Collection<String> digests) throws IOException {
        long total = 0;
        for (String line : linesSince(mark)) {
            Matcher m = BLOB_GET.matcher(line);
            if (m.find() && digests.contains(m.group(1))) {
                total += Long.parseLong(m.group(2));
            }
        }
        return total;
    }

    /**
     * How many blob upload requests (start, chunk, finish) the registry took since the mark into the repositories
     * under {@code namespace}: the registry serves every test of the run, and the others push meanwhile.
     */
    public long uploadsSince(long mark, String namespace) throws IOException {
        return linesSince(mark).stream()
                .map(UPLOAD::matcher)
                .filter(m -> m.find() && m.group(2).startsWith(namespace + "/"))
                .count();
    }

    private java.util.List<String> linesSince(long mark) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(mark);
            byte[] bytes = new byte[(int) (in.length() - mark)];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }
}
