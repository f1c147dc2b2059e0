package dev.ocisi.core.distrobox;

import dev.ocisi.core.config.BoxSettings;
import dev.ocisi.core.config.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The file {@code distrobox assemble} reads, written from the hierarchy: one section per box, the image as ocisi
 * built it and never pulled. Each box carries a label with the digest of its section (image id included), which is
 * how a later run tells a current box from one to recreate.
 */
public final class BoxIni {

    /** The label on each box ocisi assembles: the digest of what it was made from. */
    public static final String DIGEST_LABEL = "dev.ocisi.box";

    /** A hook written as it stands: printable ASCII but quotes, $, backquote, backslash, # and * ? [ ]. */
    private static final Pattern PLAIN_HOOK = Pattern.compile("[A-Za-z0-9 _.,/:=+@%!&|;<>(){}^~-]*");

    private BoxIni() {}

    /** The whole file. */
    public static String render(List<Box> boxes, String home) {
        StringBuilder text = new StringBuilder("# Written by ocisi from the hierarchy file: edit that, not this.\n");
        for (Box box : boxes) {
            text.append('\n');
            section(box, home).forEach(line -> text.append(line).append('\n'));
        }
        return text.toString();
    }

    /** The digest a box made from this section carries. */
    public static String digest(Box box, String home) {
        List<String> lines = body(box, home);
        lines.add("image-id=" + box.imageId());
        return Sha256.ofText(String.join("\n", lines)).substring(0, 32);
    }

    static List<String> section(Box box, String home) {
        List<String> lines = new ArrayList<>();
        lines.add("[" + box.name() + "]");
        lines.addAll(body(box, home));
        lines.add("additional_flags=--label=" + DIGEST_LABEL + "=" + digest(box, home));
        return lines;
    }

    private static List<String> body(Box box, String home) {
        BoxSettings s = box.settings();
        List<String> lines = new ArrayList<>();
        lines.add("image=" + box.image());
        lines.add("pull=false");
        s.home().ifPresent(value -> lines.add("home=" + expandHome(value, home)));
        s.hostname().ifPresent(value -> lines.add("hostname=" + value));
        s.init().ifPresent(value -> lines.add("init=" + value));
        s.nvidia().ifPresent(value -> lines.add("nvidia=" + value));
        s.root().ifPresent(value -> lines.add("root=" + value));
        s.startNow().ifPresent(value -> lines.add("start_now=" + value));
        s.additionalPackages().forEach(value -> lines.add("additional_packages=" + value));
        s.preInitHooks().forEach(value -> lines.add("pre_init_hooks=" + hook(value)));
        s.initHooks().forEach(value -> lines.add("init_hooks=" + hook(value)));
        s.volumes().forEach(value -> lines.add("volume=" + expandHome(value, home)));
        s.exportedApps().forEach(value -> lines.add("exported_apps=" + value));
        s.exportedBins().forEach(value -> lines.add("exported_bins=" + value));
        s.exportedBinsPath().ifPresent(value -> lines.add("exported_bins_path=" + expandHome(value, home)));
        s.additionalFlags().forEach(value -> lines.add("additional_flags=" + value));
        return lines;
    }

    /**
     * A hook as the file holds it. A hook that holds a character one of assemble's shell stages would read (quotes,
     * $, backquote, backslash, #, glob characters, non-ASCII) is written as base64 that {@code sh} decodes and runs
     * inside the box: assemble and distrobox-create then carry only letters, digits and '+/=', so nothing of it
     * runs on the host. Every other hook is written as it stands, for a readable file.
     */
    static String hook(String command) {
        if (!needsEncoding(command)) {
            return command;
        }
        String encoded = Base64.getEncoder().encodeToString(command.getBytes(StandardCharsets.UTF_8));
        return "echo " + encoded + " | base64 -d | sh";
    }

    /**
     * Whether a hook must travel encoded: it holds a character that one of assemble's stages reads (see {@link
     * #hook}), is not ASCII (assemble splits lists on the bytes of '¤'), or has spaces that re-splitting would fold.
     */
    static boolean needsEncoding(String hook) {
        return !PLAIN_HOOK.matcher(hook).matches() || !hook.strip().equals(hook) || hook.contains("  ");
    }

    /** {@code ~}, {@code $HOME} and {@code ${HOME}} at the start stand for the user's home (ocisictl hard-coded one). */
    static String expandHome(String value, String home) {
        for (String prefix : List.of("${HOME}", "$HOME", "~")) {
            if (value.equals(prefix) || value.startsWith(prefix + "/")) {
                return home + value.substring(prefix.length());
            }
        }
        return value;
    }
}
