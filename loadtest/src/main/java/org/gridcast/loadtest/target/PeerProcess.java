package org.gridcast.loadtest.target;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer broker started from PATH for one run, on a free loopback port, with its output in a
 * log file; stopped when the run ends.
 */
public final class PeerProcess implements AutoCloseable {
    /** A broker that does not accept within this long is broken or missing. */
    private static final long START_TIMEOUT_MS = 20_000;

    private final Process process;
    private final int port;
    private final Path log;

    private PeerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Runs {@code command} (which must listen on {@code port}) and waits until it accepts. */
    public static PeerProcess start(List<String> command, int port, Path log) throws IOException {
        Path exe = onPath(command.get(0));
        if (exe == null) {
            throw new IOException(command.get(0) + " is not on PATH; install it (scripts/bench.sh does) or pass --server");
        }
        List<String> resolved = new java.util.ArrayList<>(command);
        resolved.set(0, exe.toString());
        Process p = new ProcessBuilder(resolved).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        PeerProcess peer = new PeerProcess(p, port, log);
        peer.awaitAccepting();
        return peer;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private void awaitAccepting() throws IOException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("peer exited with " + process.exitValue() + ": " + tail());
            }
            try (Socket s = new Socket()) {
                s.connect(address(), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
        close();
        throw new IOException("peer did not accept on port " + port + ": " + tail());
    }

    private String tail() {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static Path onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/sbin")) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** First line of {@code exe args} (the version), or "unknown". */
    public static String version(String... command) {
        try {
            Path exe = onPath(command[0]);
            if (exe == null) {
                return "unknown";
            }
            command[0] = exe.toString();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("unknown").trim();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
