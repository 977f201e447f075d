package org.gridcast.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.gridcast.client.FileCursorStore;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.server.redis.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2: "Killing the server (kill -9) while it fans out loses no acked notice: after restart
 * every member syncs every notice exactly once". The node runs in a JVM of its own on a
 * redis-server with {@code appendfsync always}; 50 members of one grid are online while a grid
 * worker posts to the grid as fast as acks come back. The node is killed with SIGKILL and
 * restarted; later Redis itself is killed with SIGKILL while the node posts, and restarted on its
 * data folder. Notices sent but not acked are posted again with their client_msg_id, as a client
 * retries: each must end up stored exactly once.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KillDuringFanoutIT {
    /** synthetic:200 is one community, one grid, two micro-grids of 100 residents each. */
    private static final String SEEDS = "synthetic:200";
    private static final String GRID = "t1-c1-g1";
    private static final String CHANNEL = "u:" + GRID;
    private static final String POSTER = GRID + "-w";
    /** Members that keep their delivered cursors in a file across the crash. */
    private static final int WITH_CURSORS = 25;
    /** Members that come back without cursors (a reinstalled app). */
    private static final int WITHOUT_CURSORS = 25;
    /** Acks before the kill: the fan-out is in full swing by then. */
    private static final int ACKS_BEFORE_KILL = 150;

    private static final Set<String> RETRYABLE = Set.of("UNAVAILABLE", "RATE_LIMITED");

    @TempDir
    Path dir;

    /** Every session of each member since it last started from no cursor, in order. */
    private final Map<String, List<Receiver>> sessions = new HashMap<>();
    /** Title of every stored notice → its seq, over both phases. */
    private final Map<String, Long> stored = new HashMap<>();

    @Test
    void killedNodeAndKilledRedisLoseNoAckedNoticeAndEveryMemberSyncsEachOnce() throws Exception {
        Path redisDir = dir.resolve("redis");
        RedisServerProcess redis = RedisServerProcess.start(redisDir, 0, true);
        ServerProcess server = null;
        List<Receiver> open = new ArrayList<>();
        List<Poster> posters = new ArrayList<>();
        try {
            server = startNode(redis);
            List<String> filed = members("m1", WITH_CURSORS);
            List<String> bare = members("m2", WITHOUT_CURSORS);
            for (String m : filed) {
                open.add(connect(server, m, "phone", true));
            }
            for (String m : bare) {
                open.add(connect(server, m, "phone", false));
            }

            // --- phase 1: SIGKILL the node while it fans out
            Poster first = new Poster(server.tcpPort(), server.token(POSTER, "desk"), "desk", GRID, "kill");
            posters.add(first);
            first.start(1);
            assertThat(Receiver.await(() -> first.acked.size() >= ACKS_BEFORE_KILL, Duration.ofSeconds(60)))
                    .as("acks before the kill (failure %s)", first.failure.get()).isTrue();
            server.kill();
            first.stopAndDrain();
            for (Receiver r : open) {
                // The client flushes its cursor file before it reports the disconnect.
                Receiver.join(r.disconnected);
                r.close();
            }
            open.clear();

            server = startNode(redis);
            Poster retry = new Poster(server.tcpPort(), server.token(POSTER, "desk"), "desk", GRID, "kill");
            posters.add(retry);
            repostEverything(retry, first);
            int total = first.sent.size();
            assertThat(new TreeSet<>(stored.values())).as("one entry per notice, no gap")
                    .containsExactlyElementsOf(seqs(total));
            assertThat(fetchAll(retry.client())).isEqualTo(titlesBySeq(total));

            for (String m : filed) {
                open.add(connect(server, m, "phone", true));
            }
            for (String m : bare) {
                // No cursors: the device syncs from the member's read cursor (never raised: 0).
                sessions.remove(m);
                open.add(connect(server, m, "phone", false));
            }
            awaitSynced(open, total);
            for (String m : filed) {
                assertExactlyOnce(m, total);
            }
            for (String m : bare) {
                assertExactlyOnce(m, total);
            }

            // --- phase 2: SIGKILL Redis while the node posts and fans out; AOF always keeps acks
            Poster second = new Poster(server.tcpPort(), server.token(POSTER, "desk2"), "desk2", GRID, "redis");
            posters.add(second);
            second.start(1);
            assertThat(Receiver.await(() -> second.acked.size() >= ACKS_BEFORE_KILL / 2, Duration.ofSeconds(60)))
                    .as("acks before killing redis (failure %s)", second.failure.get()).isTrue();
            redis.kill();
            second.stopAndDrain();
            assertThat(second.failure.get()).as("a post failed while Redis was down").isNotNull();
            redis = RedisServerProcess.start(redisDir, redis.port(), true);
            repostEverything(second, second);
            int total2 = total + second.sent.size();
            assertThat(new TreeSet<>(stored.values())).containsExactlyElementsOf(seqs(total2));
            assertThat(fetchAll(second.client())).isEqualTo(titlesBySeq(total2));

            for (Receiver r : open) {
                r.close();
            }
            for (String m : filed) {
                awaitCursorFile(m);
            }
            open.clear();
            for (String m : filed) {
                open.add(connect(server, m, "phone", true));
            }
            List<String> fresh = bare.subList(0, 5);
            for (String m : fresh) {
                sessions.remove(m);
                open.add(connect(server, m, "tablet", false));
            }
            awaitSynced(open, total2);
            for (String m : filed) {
                assertExactlyOnce(m, total2);
            }
            for (String m : fresh) {
                assertExactlyOnce(m, total2);
            }
        } finally {
            open.forEach(Receiver::close);
            posters.forEach(Poster::close);
            if (server != null) {
                server.close();
            }
            redis.close();
        }
    }

    private ServerProcess startNode(RedisServerProcess redis) throws IOException {
        return ServerProcess.fromClassPath(dir.resolve("node"), "--redis", redis.uri(), "--port", "0",
                "--http-port", "0", "--seeds", SEEDS, "--node", "k1");
    }

    private Receiver connect(ServerProcess server, String member, String device, boolean fileCursors)
            throws IOException {
        String token = server.token(member, device);
        Receiver r = fileCursors
                ? Receiver.connect(member, device, server.tcpPort(), token, FileCursorStore.open(cursorFile(member)))
                : Receiver.connect(member, device, server.tcpPort(), token);
        sessions.computeIfAbsent(member, m -> new ArrayList<>()).add(r);
        return r;
    }

    private Path cursorFile(String member) {
        return dir.resolve("cursors").resolve(member);
    }

    /**
     * Waits until the member's cursor file holds the last seq its sessions delivered, and that
     * stays so for a few polls: a closed client still runs the pushes it had queued (delivering
     * and flushing) before its event thread stops.
     */
    private void awaitCursorFile(String member) {
        int[] stablePolls = {0};
        String[] last = {""};
        boolean settled = Receiver.await(() -> {
            List<Long> delivered = deliveredSeqs(member);
            String line = CHANNEL + " " + delivered.get(delivered.size() - 1);
            boolean inFile = readQuietly(cursorFile(member)).lines().anyMatch(line::equals);
            stablePolls[0] = inFile && line.equals(last[0]) ? stablePolls[0] + 1 : 0;
            last[0] = line;
            return stablePolls[0] >= 3;
        }, Receiver.WAIT, Duration.ofMillis(100));
        assertThat(settled).as("%s cursor file has %s: %s", member, last[0], readQuietly(cursorFile(member)))
                .isTrue();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Posts every notice the poster sent once more with its client_msg_id, retrying while the
     * node cannot reach Redis. An acked notice must come back as a duplicate with its first seq.
     */
    private void repostEverything(Poster via, Poster original) {
        for (int i : original.sent) {
            NoticePosted p = repostUntilStored(via, i);
            Long ackedSeq = original.acked.get(i);
            if (ackedSeq != null) {
                assertThat(p.getDuplicate()).as("acked notice %d reposted", i).isTrue();
                assertThat(p.getSeq()).as("acked notice %d keeps its seq", i).isEqualTo(ackedSeq);
            }
            assertThat(p.getChannel()).isEqualTo(CHANNEL);
            assertThat(stored.put(original.title(i), p.getSeq())).isNull();
        }
    }

    private static NoticePosted repostUntilStored(Poster via, int i) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return via.repost(i);
            } catch (GridcastClientException e) {
                // UNAVAILABLE while Lettuce reconnects to the restarted Redis; RATE_LIMITED when
                // the retries outrun the connection's request rate.
                if (System.nanoTime() > deadline || !RETRYABLE.contains(e.code())) {
                    throw e;
                }
                ServerProcess.sleep(50);
            }
        }
    }

    /** Titles of the whole channel, in seq order, fetched page by page. */
    private static List<String> fetchAll(GridcastClient client) {
        List<String> titles = new ArrayList<>();
        long after = 0;
        for (int page = 0; page < 100; page++) {
            FetchResult r = fetchPage(client, after);
            if (r.getNoticesCount() == 0) {
                break;
            }
            for (Notice n : r.getNoticesList()) {
                assertThat(n.getSeq()).isEqualTo(after + 1);
                titles.add(n.getBody().getTitle());
                after = n.getSeq();
            }
        }
        return titles;
    }

    /** One page; the reposts just before may have used up the connection's request rate. */
    private static FetchResult fetchPage(GridcastClient client, long after) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return Receiver.join(client.fetch(CHANNEL, after, 200));
            } catch (GridcastClientException e) {
                if (System.nanoTime() > deadline || !"RATE_LIMITED".equals(e.code())) {
                    throw e;
                }
                ServerProcess.sleep(50);
            }
        }
    }

    private List<String> titlesBySeq(int total) {
        String[] bySeq = new String[total];
        stored.forEach((title, seq) -> bySeq[(int) (seq - 1)] = title);
        return List.of(bySeq);
    }

    private static List<Long> seqs(int total) {
        return LongStream.rangeClosed(1, total).boxed().collect(Collectors.toList());
    }

    private static List<String> members(String microgrid, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(GRID + "-" + microgrid + "-r" + i);
        }
        return out;
    }

    private void awaitSynced(List<Receiver> receivers, int total) {
        for (Receiver r : receivers) {
            boolean done = Receiver.await(() -> r.syncPasses() > 0 && deliveredSeqs(r.member).size() >= total,
                    Duration.ofSeconds(30));
            assertThat(done).as("%s synced %d notices, has %s", r.member, total, deliveredSeqs(r.member).size())
                    .isTrue();
        }
    }

    /** Seqs of CHANNEL delivered to the member over its sessions, in delivery order. */
    private List<Long> deliveredSeqs(String member) {
        List<Long> out = new ArrayList<>();
        for (Receiver r : sessions.get(member)) {
            for (Notice n : r.notices) {
                assertThat(n.getChannel()).as("only the grid's channel has notices").isEqualTo(CHANNEL);
                out.add(n.getSeq());
            }
        }
        return out;
    }

    private List<String> deliveredTitles(String member) {
        List<String> out = new ArrayList<>();
        for (Receiver r : sessions.get(member)) {
            r.notices.forEach(n -> out.add(n.getBody().getTitle()));
        }
        return out;
    }

    private void assertExactlyOnce(String member, int total) {
        assertThat(deliveredSeqs(member)).as("%s: every notice once, in order", member)
                .containsExactlyElementsOf(seqs(total));
        assertThat(deliveredTitles(member)).as(member).containsExactlyElementsOf(titlesBySeq(total));
    }
}
