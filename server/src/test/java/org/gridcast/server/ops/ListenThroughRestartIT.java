package org.gridcast.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.server.redis.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 10: "kill -9 of the server while 5 {@code listen} processes run: after the restart on
 * the same ports every listener has printed every acked notice exactly once without being
 * restarted", and {@code listen --state FILE} printing only what the run before did not. The node
 * and every listener are processes of their own (the packaged {@code gridcast-cli.jar}); Redis
 * (AOF always) outlives the node, as a separately run Redis would.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ListenThroughRestartIT {
    private static final String SEEDS = "synthetic:200";
    private static final String GRID = "t1-c1-g1";
    private static final String CHANNEL = "u:" + GRID;
    private static final String POSTER = GRID + "-w";
    private static final int LISTENERS = 5;
    /** Notices stored in the end: the listeners stop at this count. */
    private static final int TOTAL = 120;
    /** Acks before the kill: the listeners are printing the stream by then. */
    private static final int ACKS_BEFORE_KILL = 30;
    private static final Pattern LINE = Pattern.compile(
            "\\{\"channel\":\"([^\"]+)\",\"seq\":(\\d+),\"unit\":\"[^\"]+\",\"title\":\"[^\"]*\",\"text\":\"[^\"]*\",\"needsConfirm\":(true|false)}");

    @TempDir
    Path dir;

    private Path root;
    private RedisServerProcess redis;
    private ServerProcess server;
    private final List<Poster> posters = new ArrayList<>();
    private final List<CommandRun.Running> listeners = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        root = Jars.root().orElse(null);
        Assumptions.assumeTrue(root != null, "packaged jars missing: run mvn package first");
        redis = RedisServerProcess.start(dir.resolve("redis"), 0, true);
    }

    @AfterEach
    void stop() {
        listeners.forEach(l -> l.process().destroyForcibly());
        posters.forEach(Poster::close);
        if (server != null) {
            server.close();
        }
        redis.close();
    }

    @Test
    void fiveListenersRideThroughAKilledServerAndPrintEveryAckedNoticeOnce() throws Exception {
        server = startNode("0", "0");
        int tcpPort = server.tcpPort();
        int httpPort = server.httpPort();
        // Logged in before five listener JVMs start competing for the two cores.
        Poster first = poster("kill");
        for (int i = 1; i <= LISTENERS; i++) {
            String member = GRID + "-m1-r" + i;
            listeners.add(CommandRun.start(dir.resolve("listen-" + i), cli(tcpPort, server.token(member, "cli"),
                    "listen", "--state", dir.resolve("state-" + i).toString(),
                    "--count", String.valueOf(TOTAL), "--timeout", "200")));
        }

        // Notice 1 first: once each listener printed it, all are logged in and following.
        postUntilStored(first, 1);
        first.acked.put(1, 1L);
        assertThat(Receiver.await(() -> listeners.stream().allMatch(l -> linesOf(l.out()) >= 1), Duration.ofSeconds(90)))
                .as("every listener printed notice 1").isTrue();
        first.start(2);
        assertThat(Receiver.await(() -> first.acked.size() >= ACKS_BEFORE_KILL, Duration.ofSeconds(60)))
                .as("acks before the kill (failure %s)", first.failure.get()).isTrue();
        server.kill();
        first.stopAndDrain();
        assertThat(first.sent.size()).as("posted before the kill").isLessThan(TOTAL);
        assertThat(listeners).allMatch(l -> l.process().isAlive());

        server = startNode(String.valueOf(tcpPort), String.valueOf(httpPort));
        assertThat(server.tcpPort()).isEqualTo(tcpPort);
        Poster after = poster("kill");
        // Every notice sent before the kill again with its client_msg_id, as a client retries a
        // lost ack: then every stored notice has been acked, and the acked seqs are 1..TOTAL.
        Set<Long> acked = new TreeSet<>();
        for (int i = 1; i <= TOTAL; i++) {
            NoticePosted p = postUntilStored(after, i);
            assertThat(p.getChannel()).isEqualTo(CHANNEL);
            if (first.acked.containsKey(i)) {
                assertThat(p.getDuplicate()).as("acked notice %d reposted", i).isTrue();
                assertThat(p.getSeq()).isEqualTo(first.acked.get(i));
            }
            acked.add(p.getSeq());
        }
        assertThat(acked).hasSize(TOTAL);

        for (int i = 0; i < LISTENERS; i++) {
            CommandRun run = listeners.get(i).await();
            assertThat(run.exitCode()).as("listener %d exit; stderr %s", i + 1, run.err()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(seqsOf(run.out())).as("listener %d: each acked notice once", i + 1)
                    .hasSize(TOTAL).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acked);
        }
    }

    @Test
    void aSecondListenWithTheSameStatePrintsOnlyTheNewNotices() throws Exception {
        server = startNode("0", "0");
        Poster poster = poster("state");
        String token = server.token(GRID + "-m2-r1", "cli");
        String state = dir.resolve("state").toString();
        for (int i = 1; i <= 3; i++) {
            postUntilStored(poster, i);
        }
        CommandRun firstRun = CommandRun.run(dir.resolve("run1"),
                cli(server.tcpPort(), token, "listen", "--state", state, "--count", "2", "--timeout", "50"));
        assertThat(firstRun.exitCode()).as("stderr %s", firstRun.err()).isZero();
        assertThat(seqsOf(firstRun.out())).containsExactly(1L, 2L);

        for (int i = 4; i <= 5; i++) {
            postUntilStored(poster, i);
        }
        CommandRun secondRun = CommandRun.run(dir.resolve("run2"),
                cli(server.tcpPort(), token, "listen", "--state", state, "--count", "10", "--timeout", "8"));
        assertThat(secondRun.exitCode()).as("stderr %s", secondRun.err()).isZero();
        assertThat(seqsOf(secondRun.out())).as("seq 3 was fetched but not printed by the first run")
                .containsExactly(3L, 4L, 5L);

        CommandRun thirdRun = CommandRun.run(dir.resolve("run3"),
                cli(server.tcpPort(), token, "listen", "--state", state, "--timeout", "3"));
        assertThat(thirdRun.exitCode()).isZero();
        assertThat(thirdRun.out()).isEmpty();
    }

    private ServerProcess startNode(String port, String httpPort) throws IOException {
        return ServerProcess.fromClassPath(dir.resolve("node"), "--redis", redis.uri(), "--port", port,
                "--http-port", httpPort, "--seeds", SEEDS, "--node", "l1");
    }

    /**
     * A poster logged in to the current node. Its login is retried on TIMEOUT: on a loaded machine
     * the first login can wait behind five listener JVMs starting or reconnecting.
     */
    private Poster poster(String prefix) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                Poster p = new Poster(server.tcpPort(), server.token(POSTER, "desk"), "desk", GRID, prefix);
                posters.add(p);
                return p;
            } catch (GridcastClientException e) {
                if (attempt == 3 || !GridcastClientException.TIMEOUT.equals(e.code())) {
                    throw e;
                }
            }
        }
    }

    private List<String> cli(int port, String token, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ServerProcess.java(), "-Xmx96m", "-XX:TieredStopAtLevel=1", "-jar",
                root.resolve(Jars.CLI).toString(), "--server", "127.0.0.1:" + port, "--token", token));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The seq of every printed line, in print order; each line must be a whole notice of CHANNEL. */
    private static List<Long> seqsOf(List<String> out) {
        List<Long> seqs = new ArrayList<>();
        for (String line : out) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("a notice line: %s", line).isTrue();
            assertThat(m.group(1)).isEqualTo(CHANNEL);
            seqs.add(Long.parseLong(m.group(2)));
        }
        return seqs;
    }

    private static long linesOf(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Posts notice i (again), retrying while rate-limited. */
    private static NoticePosted postUntilStored(Poster via, int i) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return via.repost(i);
            } catch (GridcastClientException e) {
                if (System.nanoTime() > deadline || !"RATE_LIMITED".equals(e.code())) {
                    throw e;
                }
                ServerProcess.sleep(50);
            }
        }
    }
}
