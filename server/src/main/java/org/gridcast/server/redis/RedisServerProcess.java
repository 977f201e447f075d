package org.gridcast.server.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server process: the embedded default when no {@code --redis} URL is given,
 * and the real Redis that tests talk to.
 *
 * <p>It runs with AOF on ({@code appendfsync always}) in its own data folder so a restart of the
 * server keeps every acked notice. The binary is {@code redis-server} from PATH when there is
 * one, else the Linux build packaged in the Maven Central artifact
 * {@code com.github.codemonstur:embedded-redis}, extracted into the data folder.
 *
 * <p>Guarded against the other users of the machine: it listens on loopback, where any local
 * user can connect, so it requires a password ({@code requirepass}), random on first start and
 * kept in {@value #PASSWORD_FILE} (mode 600); the folder is 700 and Redis runs under umask 077,
 * so the AOF (every notice, the directory, roles) is readable by the server's user only. The
 * password reaches Redis in a config file of mode 600, never on the command line, which
 * {@code ps} shows to everyone.
 */
public final class RedisServerProcess implements AutoCloseable {
    /** File in the Redis data folder that holds {@link #uri()} (with the password) while the process runs. */
    public static final String URI_FILE = "uri";
    /** File in the Redis data folder that holds the password, made on first start. */
    public static final String PASSWORD_FILE = "password";
    /** The config file with the password; rewritten at each start. */
    static final String CONFIG_FILE = "redis.conf";
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final String PACKAGED_BINARY = "/redis-server-6.2.6-v5-linux-amd64";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** 32 random bytes: guessing is hopeless even at Redis's AUTH rate. */
    private static final int PASSWORD_BYTES = 32;

    private final List<String> command;
    private final int port;
    private final Path dataDir;
    private final String password;
    private volatile Process process;
    private boolean closed;

    private RedisServerProcess(List<String> command, int port, Path dataDir, String password) {
        this.command = command;
        this.port = port;
        this.dataDir = dataDir;
        this.password = password;
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
        Files.setPosixFilePermissions(dataDir, OWNER_ONLY_DIR);
        restrictExistingFiles(dataDir);
        String password = loadOrCreatePassword(dataDir.resolve(PASSWORD_FILE));
        Path config = dataDir.resolve(CONFIG_FILE);
        writeOwnerOnly(config, "requirepass " + password + "\n");
        int chosen = port == 0 ? freePort() : port;
        // umask 077: the AOF files redis-server creates are the owner's alone
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask 077 && exec \"$0\" \"$@\"",
                binary(dataDir).toString(),
                config.toAbsolutePath().toString(),
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
        RedisServerProcess server = new RedisServerProcess(List.copyOf(cmd), chosen, dataDir, password);
        server.launch();
        // Tells an operator's script (and the benchmark) where this run's Redis listens, e.g. for
        // INFO commandstats; the port is new on every start. Mode 600: it holds the password.
        try {
            writeOwnerOnly(dataDir.resolve(URI_FILE), server.uri() + "\n");
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Starts the process again on the same port and folder, after it died: Redis replays its AOF.
     * Fails if it does not accept connections within the start timeout.
     */
    public synchronized void restart() throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (process.isAlive()) {
            throw new IllegalStateException("redis-server still runs");
        }
        launch();
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        awaitAccepting();
    }

    public int port() {
        return port;
    }

    /** {@code redis://PASSWORD@127.0.0.1:PORT}: the form both Lettuce and {@code redis-cli -u} read. */
    public String uri() {
        return "redis://" + password + "@127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process id of the running redis-server. */
    public long pid() {
        return process.pid();
    }

    /** Completes when the current process exits, however it does. */
    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** Stops the process abruptly (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    @Override
    public synchronized void close() {
        closed = true;
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
            if (answersPing()) {
                return;
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not accept connections on port " + port + " within " + START_TIMEOUT);
    }

    /**
     * Whether Redis itself answers on the port: NOAUTH to a PING without the password. A bare
     * connect is not enough: whoever else holds the port accepts too, and while Redis loads its
     * AOF it answers LOADING.
     */
    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int n = s.getInputStream().readNBytes(reply, 0, reply.length);
            return new String(reply, 0, n, StandardCharsets.US_ASCII).equals("-NOAUTH");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String loadOrCreatePassword(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            String stored = Files.readString(file).strip();
            if (!stored.matches("[0-9a-f]{64}")) {
                throw new IOException(file + " does not hold a redis password (64 hex digits)");
            }
            return stored;
        }
        byte[] b = new byte[PASSWORD_BYTES];
        new SecureRandom().nextBytes(b);
        String password = HexFormat.of().formatHex(b);
        writeOwnerOnly(file, password + "\n");
        return password;
    }

    /** Writes through a new file created with mode 600, renamed into place: never readable by others. */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Folders made by earlier versions were 755 with a 644 AOF: close them up. */
    private static void restrictExistingFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, OWNER_ONLY_DIR);
                    restrictExistingFiles(p);
                } else if (!Files.isExecutable(p)) {
                    Files.setPosixFilePermissions(p, OWNER_ONLY_FILE);
                } else {
                    Files.setPosixFilePermissions(p, OWNER_ONLY_DIR); // the extracted binary: rwx------
                }
            }
        }
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
            Files.setPosixFilePermissions(extracted, OWNER_ONLY_DIR);
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
