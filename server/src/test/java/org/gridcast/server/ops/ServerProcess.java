package org.gridcast.server.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridcast.server.auth.Secret;
import org.gridcast.server.auth.TokenService;

/**
 * {@code gridcast-server serve} in a JVM of its own, so a test can kill it with SIGKILL as a
 * crash would. It runs either from the test class path ({@code java -cp ... Main}) or from the
 * packaged jar; its output goes to {@code server.log} in the data dir.
 */
final class ServerProcess implements AutoCloseable {
    /** JVM start, the seed import and binding, on a loaded 2-core machine. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern READY = Pattern.compile(
            "\\{\"tcpPort\":(\\d+),\"httpPort\":(\\d+),\"adminPort\":(\\d+),\"node\":\"([^\"]+)\"}\\s*");

    private final Process process;
    private final Path dataDir;
    private final int tcpPort;
    private final int httpPort;
    private final int adminPort;
    private final String node;

    private ServerProcess(Process process, Path dataDir, int tcpPort, int httpPort, int adminPort, String node) {
        this.process = process;
        this.dataDir = dataDir;
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
        this.node = node;
    }

    /** {@code java -cp <this JVM's class path> org.gridcast.server.Main serve --data-dir D ...}. */
    static ServerProcess fromClassPath(Path dataDir, String... serveOptions) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "org.gridcast.server.Main"));
        return start(cmd, dataDir, serveOptions);
    }

    /** {@code java -jar <jar> serve --data-dir D ...}. */
    static ServerProcess fromJar(Path jar, Path dataDir, String... serveOptions) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString()));
        return start(cmd, dataDir, serveOptions);
    }

    private static ServerProcess start(List<String> cmd, Path dataDir, String... serveOptions) throws IOException {
        Files.createDirectories(dataDir);
        Path ready = dataDir.resolve("ready.json");
        Files.deleteIfExists(ready);
        cmd.addAll(List.of("serve", "--data-dir", dataDir.toString(), "--ready-file", ready.toString()));
        cmd.addAll(List.of(serveOptions));
        Path log = dataDir.resolve("server.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(ready)) {
                Matcher m = READY.matcher(Files.readString(ready, StandardCharsets.UTF_8));
                if (!m.matches()) {
                    p.destroyForcibly();
                    throw new IOException("unexpected ready file: " + Files.readString(ready));
                }
                return new ServerProcess(p, dataDir, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), m.group(4));
            }
            if (!p.isAlive()) {
                throw new IOException("server exited with " + p.exitValue() + ":\n" + tail(log));
            }
            sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("server not ready within " + START_TIMEOUT + ":\n" + tail(log));
    }

    int tcpPort() {
        return tcpPort;
    }

    int httpPort() {
        return httpPort;
    }

    int adminPort() {
        return adminPort;
    }

    /** The exit code once the process has ended by itself within {@code limit}; empty if it still runs. */
    java.util.OptionalInt awaitExit(Duration limit) {
        return waitFor(limit) ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    String node() {
        return node;
    }

    Path dataDir() {
        return dataDir;
    }

    /** The private redis-server this node started (its only child process). */
    ProcessHandle redisServer() {
        return process.toHandle().children().filter(ProcessHandle::isAlive)
                .findFirst().orElseThrow(() -> new IllegalStateException("no redis-server child"));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A token signed with the node's secret (D/secret), as {@code gridcast-server token} prints. */
    String token(String member, String device) throws IOException {
        return new TokenService(Secret.loadOrCreate(dataDir.resolve("secret")), Clock.systemUTC()).issue(member, device);
    }

    /** SIGSTOP: the whole process stands still, as in a long GC pause; its sockets stay open. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is cleaned up. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(15));
    }

    /** SIGTERM: the shutdown hook closes the node. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(Duration.ofSeconds(20))) {
                kill();
            }
        }
    }

    private boolean waitFor(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
