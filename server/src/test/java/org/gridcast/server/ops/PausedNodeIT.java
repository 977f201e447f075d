package org.gridcast.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.server.presence.NodeReaper;
import org.gridcast.server.presence.NodeReaping;
import org.gridcast.server.presence.PresenceTimings;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.testing.TcpClient;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node process that stands still (SIGSTOP, as a long GC pause or a frozen VM would) past its
 * lease and the reap grace is swept like a dead one: its routes and presence go. When it moves
 * again (SIGCONT) it notices from its lease that it had lapsed and writes them back from memory,
 * with no client doing anything: its logged-in resident is routed and present again, and later
 * sweeps leave it alone. Default timings in the node (15 s lease, 5 s refresh), so this takes
 * about half a minute.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PausedNodeIT {
    private static final String NODE = "paused-p";
    private static final String RESIDENT = "t1-c1-g1-m2-r1";
    private static final String MICROGRID = "t1-c1-g1-m2";
    private static final Duration GRACE = Duration.ofSeconds(1);

    @Test
    void aNodePausedPastItsLeaseAndSweptWritesItsRoutesAndPresenceAgainWhenItMoves() throws Exception {
        TestRedis.flushAll();
        Path dir = Files.createTempDirectory("gridcast-paused");
        try (RedisConnector connector = new RedisConnector(TestRedis.uri());
             RedisLink<String, byte[]> redis = connector.connect();
             ServerProcess node = ServerProcess.fromClassPath(dir.resolve("node"), "--redis", TestRedis.uri(),
                     "--port", "0", "--http-port", "0", "--admin-port", "0", "--seeds", OpsNode.SEEDS,
                     "--node", NODE, "--node-reap-grace", "1");
             TcpClient resident = new TcpClient(node.tcpPort())) {
            assertThat(resident.login(node.token(RESIDENT, "phone"), "phone").hasLoginOk()).isTrue();
            assertThat(Receiver.await(() -> route(redis).contains(NODE) && online(redis) == 1)).isTrue();
            NodeReaper sweeper = new NodeReaper("sweeper", redis, PresenceTimings.DEFAULTS,
                    new NodeReaping(GRACE, GRACE));

            node.pause();
            try {
                assertThat(Receiver.await(() -> sweeper.sweep().contains(NODE), Duration.ofSeconds(60),
                        Duration.ofMillis(500))).as("swept while paused").isTrue();
                assertThat(route(redis)).doesNotContain(NODE);
                assertThat(redis.sync().hget(RedisKeys.presence(RESIDENT), "phone")).isNull();
                assertThat(redis.sync().exists(RedisKeys.online(NODE), RedisKeys.nodeRoutes(NODE))).isZero();
            } finally {
                node.resume();
            }

            // one refresh period (5 s) after it moves, it writes everything again
            assertThat(Receiver.await(() -> route(redis).contains(NODE) && online(redis) == 1
                    && NODE.equals(presence(redis)), Duration.ofSeconds(20))).as("routes, counts and presence back")
                    .isTrue();
            assertThat(strings(redis.sync().smembers(RedisKeys.nodeRoutes(NODE))))
                    .containsExactlyInAnyOrder(MICROGRID, "t1-c1-g1", "t1-c1", "t1");
            for (int i = 0; i < 3; i++) {
                assertThat(sweeper.sweep()).as("a live node is not swept").isEmpty();
            }
            assertThat(resident.ping().hasPong()).as("the session lived through it").isTrue();
            assertThat(route(redis)).contains(NODE);
        }
    }

    private static List<String> route(RedisLink<String, byte[]> redis) {
        return strings(redis.sync().smembers(RedisKeys.route(MICROGRID)));
    }

    private static long online(RedisLink<String, byte[]> redis) {
        byte[] n = redis.sync().hget(RedisKeys.online(NODE), MICROGRID);
        return n == null ? 0 : Long.parseLong(new String(n, StandardCharsets.US_ASCII));
    }

    private static String presence(RedisLink<String, byte[]> redis) {
        byte[] n = redis.sync().hget(RedisKeys.presence(RESIDENT), "phone");
        return n == null ? null : new String(n, StandardCharsets.UTF_8);
    }

    private static List<String> strings(java.util.Collection<byte[]> members) {
        return members.stream().map(m -> new String(m, StandardCharsets.UTF_8)).sorted().toList();
    }
}
