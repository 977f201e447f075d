package org.gridcast.server.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server process: the embedded default when no {@code --redis} URL is given,
 * and the real Redis that tests talk to.
 *
 * <p>It runs with AOF on ({@code appendfsync always}) in its own data folder so a restart of the
 * server keeps every acked notice. The binary is {@code redis-server} from PATH when there is
 * one, else the Linux build packaged in the Maven Central artifact
 * {@code com.github.codemonstur:embedded-redis}, extracted into the data folder.
 */
public final class RedisServerProcess implements AutoCloseable {
    /** File in the Redis data folder that holds {@link #uri()} while the process runs. */
    public static final String URI_FILE = "uri";
    private static final String PACKAGED_BINARY = "/redis-server-6.2.6-v5-linux-amd64";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;
    private final Path dataDir;

    private RedisServerProcess(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts redis-server on a free loopback port with AOF in {@code dataDir}. */
    public static RedisServerProcess start(Path dataDir) throws IOException {
        return start(dataDir, 0, true);
    }

    /**
     * @param port 0 picks a free port
     * @param fsyncAlways {@code appendfsync always} (durable per write) or {@code everysec}
     */
    public static RedisServerProcess start(Path dataDir, int port, boolean fsyncAlways) throws IOException {
        Files.createDirectories(dataDir);
        int chosen = port == 0 ? freePort() : port;
        List<String> cmd = new ArrayList<>(List.of(
                binary(dataDir).toString(),
                "--port", Integer.toString(chosen),
                "--bind", "127.0.0.1",
                "--dir", dataDir.toAbsolutePath().toString(),
                "--appendonly", "yes",
                "--appendfsync", fsyncAlways ? "always" : "everysec",
                "--save", "",
                "--daemonize", "no",
                "--protected-mode", "yes",
                "--loglevel", "warning",
                "--logfile", dataDir.resolve("redis.log").toAbsolutePath().toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        RedisServerProcess server = new RedisServerProcess(p, chosen, dataDir);
        server.awaitAccepting();
        // Tells an operator's script (and the benchmark) where this run's Redis listens, e.g. for
        // INFO commandstats; the port is new on every start.
        try {
            Files.writeString(dataDir.resolve(URI_FILE), server.uri() + "\n");
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process abruptly (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        waitFor();
        try {
            Files.deleteIfExists(dataDir.resolve(URI_FILE)); // the port is free again: do not point at it
        } catch (IOException ignored) {
            // a stale file names a closed port; the next start overwrites it
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitAccepting() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue()
                        + "; see " + dataDir.resolve("redis.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not accept connections on port " + port + " within " + START_TIMEOUT);
    }

    private static Path binary(Path dataDir) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path extracted = dataDir.resolve("bin/redis-server");
        if (!Files.isExecutable(extracted)) {
            Files.createDirectories(extracted.getParent());
            try (InputStream in = RedisServerProcess.class.getResourceAsStream(PACKAGED_BINARY)) {
                if (in == null) {
                    throw new IOException("no redis-server on PATH and no packaged binary " + PACKAGED_BINARY);
                }
                Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(extracted, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return extracted;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
