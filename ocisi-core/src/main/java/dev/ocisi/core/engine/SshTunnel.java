package dev.ocisi.core.engine;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An engine's socket on another machine brought here by the ssh client: {@code ssh -L local.sock:remote.sock}, as
 * Docker's own client reaches {@code ssh://} hosts through ssh. docker-java has no ssh transport; the machine's ssh
 * client, with the user's keys, agent, config and known_hosts, is what users trust for it anyway. Closing it stops ssh
 * and removes the local socket.
 */
public final class SshTunnel implements AutoCloseable {

    private static final long WAIT_MILLIS = 20_000;

    private final Process process;
    private final Path folder;
    private final Path socket;

    private SshTunnel(Process process, Path folder, Path socket) {
        this.process = process;
        this.folder = folder;
        this.socket = socket;
    }

    /**
     * @param address       {@code ssh://[user@]host[:port][/path/of/the.sock]}
     * @param defaultSocket the remote socket when the address names none
     * @param key           the private key, when not the ssh client's own choice
     * @param environment   HOME says where known_hosts is, as for podman's own ssh
     */
    public static SshTunnel open(
            String address, String defaultSocket, Optional<Path> key, Map<String, String> environment)
            throws EngineException {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw new EngineException(
                    "'" + address + "' is not an ssh address: write ssh://user@host[:port]" + "[/path/to/socket]", e);
        }
        if (uri.getHost() == null) {
            throw new EngineException("'" + address + "' names no host: write ssh://user@host[:port][/path/to/socket]");
        }
        String remote = uri.getPath() == null || uri.getPath().isEmpty() ? defaultSocket : uri.getPath();
        List<String> command = new ArrayList<>(List.of(
                "ssh",
                "-nNT",
                "-o",
                "ExitOnForwardFailure=yes",
                "-o",
                "BatchMode=yes",
                "-o",
                "ServerAliveInterval=30"));
        String home = environment.get("HOME");
        if (home != null && !home.isBlank()) {
            command.addAll(List.of("-o", "UserKnownHostsFile=" + Path.of(home, ".ssh", "known_hosts")));
        }
        key.ifPresent(k -> command.addAll(List.of("-i", k.toString(), "-o", "IdentitiesOnly=yes")));
        if (uri.getPort() > 0) {
            command.addAll(List.of("-p", Integer.toString(uri.getPort())));
        }
        Path folder;
        try {
            // a socket's path must stay short (108 bytes): /tmp, not a long temp folder
            folder = Files.createTempDirectory(Path.of("/tmp"), "ocisi-ssh-");
        } catch (IOException e) {
            throw new EngineException("cannot make a folder for the ssh tunnel's socket: " + e.getMessage(), e);
        }
        Path socket = folder.resolve("engine.sock");
        command.addAll(List.of(
                "-L",
                socket + ":" + remote,
                "--",
                (uri.getUserInfo() == null ? "" : uri.getUserInfo() + "@") + uri.getHost()));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            removeQuietly(folder);
            throw new EngineException(
                    "cannot start ssh for " + address + " (apt-get install openssh-client): " + e.getMessage(), e);
        }
        SshTunnel tunnel = new SshTunnel(process, folder, socket);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        try {
            while (!Files.exists(socket)) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    String said = new String(process.getErrorStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
                    tunnel.close();
                    throw new EngineException("cannot reach " + remote + " on " + uri.getHost() + " through ssh ("
                            + address + "): " + (said.isEmpty() ? "no answer in " + WAIT_MILLIS / 1000 + " s" : said)
                            + "; ssh must log in without asking (a key: -Docisi.sshKey, or the ssh agent) and know "
                            + "the host (ssh-keyscan it into ~/.ssh/known_hosts)");
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tunnel.close();
            throw new EngineException("interrupted while opening the ssh tunnel to " + address, e);
        } catch (IOException e) {
            tunnel.close();
            throw new EngineException("cannot read what ssh said: " + e.getMessage(), e);
        }
        return tunnel;
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        removeQuietly(folder);
    }

    private static void removeQuietly(Path folder) {
        try {
            Trees.delete(folder);
        } catch (IOException ignored) {
            // a socket left in /tmp is swept with it; the tunnel itself is gone
        }
    }
}
