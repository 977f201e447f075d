package org.gridcast.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.server.redis.RedisServerProcess;
import org.gridcast.server.redis.RedisSupervisor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 6 and its chaos test: the private redis-server is the server user's alone
 * (password, modes), and a node whose redis-server is killed with SIGKILL during a stream of
 * posts answers UNAVAILABLE meanwhile, says so on /healthz, restarts it from its AOF and goes on
 * by itself, with every acked notice kept at its seq. When it cannot be restarted, the node exits
 * non-zero.
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class PrivateRedisIT {
    private static final String SEEDS = "synthetic:200";
    private static final String GRID = "t1-c1-g1";
    private static final String CHANNEL = "u:" + GRID;
    private static final String POSTER = GRID + "-w";
    /** Acks before the kill and again after the recovery. */
    private static final int ACKS_PER_PHASE = 60;
    /** Bound on any one post: the node's own request timeout is 10 s. */
    private static final Duration POST_BOUND = Duration.ofSeconds(12);
    /** Posts are paced under the connection's 50 requests a second. */
    private static final long POST_PAUSE_MS = 25;
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private final Map<Integer, Long> acked = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @Test
    void privateRedisIsGuardedAndAKilledOneIsRestartedWithoutLosingAnAckedNotice() throws Exception {
        Path data = dir.resolve("data");
        try (ServerProcess server = ServerProcess.fromClassPath(data, "--port", "0", "--http-port", "0",
                "--seeds", SEEDS, "--node", "chaos")) {
            Path redisDir = data.resolve("redis");
            assertModes(redisDir);
            int port = redisPort(redisDir);
            assertThat(redisSays(port, "PING")).isEqualTo("-NOAUTH Authentication required.");
            String password = Files.readString(redisDir.resolve(RedisServerProcess.PASSWORD_FILE)).strip();
            assertThat(redisSays(port, "AUTH " + password + "\r\nPING")).isEqualTo("+OK\r\n+PONG");
            assertThat(health(server)).isEqualTo(200);

            GridcastClient poster = GridcastClient.builder().server("127.0.0.1", server.tcpPort())
                    .token(server.token(POSTER, "desk")).device("desk")
                    .options(ClientOptions.builder().autoReconnect(false).syncOnLogin(false)
                            .requestTimeout(POST_BOUND).build())
                    .build();
            try (poster) {
                Receiver.join(poster.connect());
                int next = postUntil(poster, 1, () -> acked.size() >= ACKS_PER_PHASE);
                long killedPid = server.redisServer().pid();
                assertThat(server.redisServer().destroyForcibly()).isTrue(); // SIGKILL
                // The outage lasts about the supervisor's first pause (1 s); /healthz telling it is
                // asserted where it lasts (aRedisThatCannotBeRestarted...), here only that it ends 200.
                int afterKill = acked.size();
                // A post sent while Redis is down is refused UNAVAILABLE; one already sent when it
                // died is re-sent by Lettuce after the reconnect and acked, so a one-at-a-time
                // stream may ride through the outage without a refusal.
                next = postUntil(poster, next, () -> !failures.isEmpty() || acked.size() > afterKill);
                next = postUntil(poster, next, () -> acked.size() >= afterKill + ACKS_PER_PHASE);

                assertThat(failures).as("posts that failed while Redis was down (acked %d); server errors: %s",
                        acked.size(), errorLines(data.resolve("server.log")))
                        .allMatch("UNAVAILABLE"::equals);
                assertThat(Receiver.await(() -> health(server) == 200, RECOVERY_BOUND, Duration.ofMillis(50)))
                        .as("/healthz after the restart").isTrue();
                assertThat(server.redisServer().pid()).isNotEqualTo(killedPid);
                assertThat(redisSays(port, "PING")).as("the restarted one is guarded too")
                        .isEqualTo("-NOAUTH Authentication required.");
                assertModes(redisDir);

                // Every acked notice is in the channel at the seq its ack named; seqs are 1..N.
                Map<Long, String> channel = fetchAll(poster);
                assertThat(channel.keySet()).containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, channel.size()).boxed().toList());
                for (Map.Entry<Integer, Long> a : acked.entrySet()) {
                    assertThat(channel.get(a.getValue())).as("notice %d acked at seq %d", a.getKey(), a.getValue())
                            .isEqualTo(title(a.getKey()));
                }
                assertThat(acked).hasSizeGreaterThanOrEqualTo(2 * ACKS_PER_PHASE);
                assertThat(next - 1).isEqualTo(acked.size() + failures.size());
            }
        }
    }

    @Test
    void aRedisThatCannotBeRestartedMakesTheServerExitNonZero() throws Exception {
        Path data = dir.resolve("data2");
        ServerProcess server = ServerProcess.fromClassPath(data, "--port", "0", "--http-port", "0",
                "--seeds", SEEDS, "--node", "doomed");
        try (server) {
            int port = redisPort(data.resolve("redis"));
            assertThat(server.redisServer().destroyForcibly()).isTrue();
            // Someone else takes the port before the supervisor's first attempt: every restart fails.
            try (ServerSocket squatter = bindSoon(port)) {
                // /healthz tells the truth while Redis is gone (the restarts fail for ~17 s)
                assertThat(Receiver.await(() -> health(server) == 503, Duration.ofSeconds(5), Duration.ofMillis(20)))
                        .as("/healthz 503 while the private redis-server is down").isTrue();
                OptionalInt code = server.awaitExit(Duration.ofSeconds(60));
                assertThat(code).as("server exited by itself").isPresent();
                assertThat(code.getAsInt()).isEqualTo(1);
            }
            assertThat(Files.readString(data.resolve("server.log")))
                    .contains("private redis-server could not be kept up: " + RedisSupervisor.MAX_RESTARTS + " restarts");
        }
    }

    /**
     * Posts notice {@code from}, {@code from + 1}, ... one at a time until {@code done}; records
     * acks and failure codes. A post that takes longer than the bound fails the test.
     */
    private int postUntil(GridcastClient poster, int from, java.util.function.BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos() * 2;
        int i = from;
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("stream finished in time").isLessThan(deadline);
            NoticeBody body = NoticeBody.newBuilder().setTitle(title(i)).setText("停水通知 " + i).build();
            try {
                NoticePosted p = poster.postToUnit(GRID, body, title(i)).get(POST_BOUND.toMillis() + 1_000,
                        TimeUnit.MILLISECONDS);
                acked.put(i, p.getSeq());
            } catch (TimeoutException e) {
                throw new AssertionError("post " + i + " hung past " + POST_BOUND, e);
            } catch (ExecutionException | CompletionException e) {
                if (!(e.getCause() instanceof GridcastClientException g)) {
                    throw e;
                }
                if ("RATE_LIMITED".equals(g.code())) {
                    Thread.sleep(100);
                    continue; // the same notice again
                }
                failures.add(g.code());
            }
            i++;
            Thread.sleep(POST_PAUSE_MS);
        }
        return i;
    }

    private static int health(ServerProcess server) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/healthz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Map<Long, String> fetchAll(GridcastClient client) throws Exception {
        Map<Long, String> bySeq = new TreeMap<>();
        long after = 0;
        for (int page = 0; page < 100; page++) {
            FetchResult r = client.fetch(CHANNEL, after, 200).get(10, TimeUnit.SECONDS);
            if (r.getNoticesCount() == 0) {
                break;
            }
            for (Notice n : r.getNoticesList()) {
                assertThat(bySeq.put(n.getSeq(), n.getBody().getTitle())).isNull();
                after = n.getSeq();
            }
            Thread.sleep(POST_PAUSE_MS);
        }
        return bySeq;
    }

    private static String title(int i) {
        return "chaos-" + i;
    }

    /** Folder 700, password and URI files 600, and no file of Redis's readable by group or others. */
    private static void assertModes(Path redisDir) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(redisDir))).isEqualTo("rwx------");
        for (String f : List.of(RedisServerProcess.PASSWORD_FILE, RedisServerProcess.URI_FILE)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(redisDir.resolve(f))))
                    .as(f).isEqualTo("rw-------");
        }
        String password = Files.readString(redisDir.resolve(RedisServerProcess.PASSWORD_FILE)).strip();
        assertThat(password).matches("[0-9a-f]{64}");
        assertThat(Files.readString(redisDir.resolve(RedisServerProcess.URI_FILE)).strip())
                .matches("redis://" + password + "@127\\.0\\.0\\.1:\\d+");
        EnumSet<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        List<Path> aof = new ArrayList<>();
        try (Stream<Path> all = Files.walk(redisDir)) {
            for (Path p : all.toList()) {
                if (p.getFileName().toString().startsWith("appendonly")) {
                    aof.add(p);
                }
                assertThat(Files.getPosixFilePermissions(p)).as("mode of %s", p).doesNotContainAnyElementsOf(others);
            }
        }
        assertThat(aof).as("AOF files").isNotEmpty();
    }

    private static int redisPort(Path redisDir) throws IOException {
        String uri = Files.readString(redisDir.resolve(RedisServerProcess.URI_FILE)).strip();
        return Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
    }

    /** Sends raw RESP inline commands on a fresh connection; returns the replies, trimmed. */
    private static String redisSays(int port, String commands) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(2_000);
            s.getOutputStream().write((commands + "\r\n").getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    private static ServerSocket bindSoon(int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (true) {
            try {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return s;
            } catch (IOException stillHeld) {
                if (System.nanoTime() > deadline) {
                    throw stillHeld;
                }
                ServerProcess.sleep(5);
            }
        }
    }

    /** The server's ERROR lines with the line after each (the cause), for a failure's message. */
    private static String errorLines(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" ERROR ")) {
                out.append(lines.get(i)).append(" / ").append(i + 1 < lines.size() ? lines.get(i + 1) : "").append('\n');
            }
        }
        return out.toString();
    }
}
