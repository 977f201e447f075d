package org.gridcast.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.fanout.NodeFanout;
import org.gridcast.server.fanout.Routes;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.testing.TcpClient;
import org.gridcast.server.testing.TestNode;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sweep for node ids that stopped for good, on a real Redis with real nodes (fast timings:
 * a 1 s lease and a 1 s grace): a node that stops refreshing, as a crashed one does, loses its
 * routes, online counts, presence entries and registry entry, and the nodes a unit notice is
 * published to are the live ones only; a live node is never reaped, even when its registry time
 * looks old; sweeps running at once reap a node once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeReaperIT {
    static final PresenceTimings FAST = new PresenceTimings(Duration.ofSeconds(1), Duration.ofMillis(200));
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private RedisConnector connector;
    private RedisLink<String, byte[]> redis;
    private Path secret;

    @BeforeEach
    void connect() throws Exception {
        TestRedis.flushAll();
        connector = new RedisConnector(TestRedis.uri());
        redis = connector.connect();
        secret = Files.createTempDirectory("gridcast-reaper").resolve("secret");
    }

    @AfterEach
    void close() {
        redis.close();
        connector.close();
    }

    @Test
    void aNodeThatStopsForGoodLosesItsRoutesAndPresenceAfterTheGraceAndNoticesGoToLiveNodesOnly() throws Exception {
        try (GridcastServer live = node("node-live"); GridcastServer dead = node("node-dead");
             TcpClient carol = new TcpClient(live.tcpPort()); TcpClient alice = new TcpClient(dead.tcpPort())) {
            assertThat(carol.login(live.runtime().tokens().issue("carol", "phone"), "phone").hasLoginOk()).isTrue();
            assertThat(alice.login(dead.runtime().tokens().issue("alice", "phone"), "phone").hasLoginOk()).isTrue();
            assertThat(route("town")).containsExactlyInAnyOrder("node-live", "node-dead");
            assertThat(route("mg1")).containsExactly("node-dead");
            assertThat(publishesOfANoticeTo("town")).isEqualTo(2);

            dead.runtime().presence().stopRefreshing();   // as a crash: nothing is cleaned up
            await("node-dead reaped", () -> !registry().contains("node-dead"));

            assertThat(route("town")).containsExactly("node-live");
            assertThat(route("grid")).containsExactly("node-live");
            assertThat(route("mg2")).containsExactly("node-live");
            assertThat(route("mg1")).isEmpty();
            assertThat(publishesOfANoticeTo("town")).as("one publish, to the live node").isEqualTo(1);
            assertThat(redis.sync().exists(RedisKeys.nodeRoutes("node-dead"), RedisKeys.online("node-dead"),
                    RedisKeys.nodeReaping("node-dead"))).isZero();
            assertThat(redis.sync().hgetall(RedisKeys.presence("alice"))).isEmpty();
            assertThat(registry()).containsExactly("node-live");
            // the live node's own entries are untouched
            assertThat(text(redis.sync().hget(RedisKeys.presence("carol"), "phone"))).isEqualTo("node-live");
            assertThat(text(redis.sync().hget(RedisKeys.online("node-live"), "town"))).isEqualTo("1");
            assertThat(strings(redis.sync().smembers(RedisKeys.nodeRoutes("node-live"))))
                    .containsExactlyInAnyOrder("mg2", "grid", "community", "town");
        }
    }

    @Test
    void aLiveNodeIsNeverReapedEvenWhenItsRegistryTimeLooksOld() throws Exception {
        try (GridcastServer live = node("node-live"); TcpClient carol = new TcpClient(live.tcpPort())) {
            assertThat(carol.login(live.runtime().tokens().issue("carol", "phone"), "phone").hasLoginOk()).isTrue();
            NodeReaper sweeper = new NodeReaper("node-other", redis, FAST, new NodeReaping(GRACE, GRACE));
            for (int i = 0; i < 5; i++) {
                // as if the registry's clock had jumped: only the lease may say a node is dead
                redis.sync().zadd(RedisKeys.NODES_SEEN, 0, "node-live".getBytes(StandardCharsets.UTF_8));
                assertThat(sweeper.sweep()).isEmpty();
                Thread.sleep(FAST.refresh().toMillis());
            }
            assertThat(route("mg2")).containsExactly("node-live");
            assertThat(route("town")).containsExactly("node-live");
            assertThat(text(redis.sync().hget(RedisKeys.presence("carol"), "phone"))).isEqualTo("node-live");
            assertThat(text(redis.sync().hget(RedisKeys.online("node-live"), "mg2"))).isEqualTo("1");
            assertThat(registry()).containsExactly("node-live");
        }
    }

    @Test
    void aNodeStoppedGracefullyLeavesNothingToSweep() throws Exception {
        GridcastServer node = node("node-leaving");
        await("node-leaving registered", () -> registry().equals(Set.of("node-leaving")));
        node.close();

        assertThat(registry()).isEmpty();
        assertThat(redis.sync().exists(RedisKeys.lease("node-leaving"), RedisKeys.online("node-leaving"),
                RedisKeys.nodeRoutes("node-leaving"))).isZero();
    }

    @Test
    void sweepsRunningAtOnceReapADeadNodeOnce() throws Exception {
        new Routes("node-dead", redis).joined(List.of("mg1", "grid", "town"));
        new Routes("node-live", redis).joined(List.of("town"));
        redis.sync().hset(RedisKeys.online("node-dead"), "town", "3".getBytes(StandardCharsets.UTF_8));
        redis.sync().hset(RedisKeys.presence("alice"), "phone", "node-dead".getBytes(StandardCharsets.UTF_8));
        redis.sync().hset(RedisKeys.presence("alice"), "tablet", "node-live".getBytes(StandardCharsets.UTF_8));
        redis.sync().zadd(RedisKeys.NODES_SEEN, 1, "node-dead".getBytes(StandardCharsets.UTF_8));   // long ago, no lease

        List<NodeReaper> sweepers = List.of("node-a", "node-b", "node-c", "node-d").stream()
                .map(n -> new NodeReaper(n, redis, FAST, new NodeReaping(GRACE, GRACE))).toList();
        List<CompletableFuture<List<String>>> sweeps = sweepers.stream()
                .map(s -> CompletableFuture.supplyAsync(s::sweep)).toList();
        List<String> reaped = sweeps.stream().flatMap(f -> f.join().stream()).toList();

        assertThat(reaped).as("reaped by exactly one sweep").containsExactly("node-dead");
        assertThat(route("mg1")).isEmpty();
        assertThat(route("grid")).isEmpty();
        assertThat(route("town")).containsExactly("node-live");
        assertThat(redis.sync().exists(RedisKeys.nodeRoutes("node-dead"), RedisKeys.online("node-dead"),
                RedisKeys.nodeReaping("node-dead"))).isZero();
        assertThat(redis.sync().hgetall(RedisKeys.presence("alice")).keySet()).containsExactly("tablet");
        assertThat(registry()).isEmpty();
        assertThat(sweepers.get(0).sweep()).as("nothing left to do").isEmpty();
    }

    @Test
    void aNodeWithinTheGraceKeepsItsRoutes() throws Exception {
        new Routes("node-restarting", redis).joined(List.of("mg1"));
        NodeReaper sweeper = new NodeReaper("node-a", redis, FAST, new NodeReaping(Duration.ofMinutes(10), GRACE));
        redis.sync().eval("redis.call('ZADD', KEYS[1], redis.call('TIME')[1] * 1000 - 5000, ARGV[1])",
                io.lettuce.core.ScriptOutputType.INTEGER, new String[] {RedisKeys.NODES_SEEN},
                "node-restarting".getBytes(StandardCharsets.UTF_8));   // lease gone 4 s ago, grace 10 min

        assertThat(sweeper.sweep()).isEmpty();
        assertThat(route("mg1")).containsExactly("node-restarting");
        assertThat(registry()).containsExactly("node-restarting");
    }

    /** The PUBLISH calls of one notice's fan-out to the unit's route, as Redis counts them. */
    private long publishesOfANoticeTo(String unit) throws Exception {
        Routes reader = new Routes("reader", redis);
        Set<String> nodes = reader.nodes(unit).toCompletableFuture().get(5, TimeUnit.SECONDS);
        long before = publishCalls();
        NodeFanout fanout = new NodeFanout(redis);
        for (String node : nodes) {   // the fan-out's step per node (publishToNodes also retries unheard ones)
            fanout.publish(node, new byte[] {1}).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        return publishCalls() - before;
    }

    private long publishCalls() {
        Matcher m = Pattern.compile("cmdstat_publish:calls=(\\d+)").matcher(redis.sync().info("commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private GridcastServer node(String name) throws Exception {
        return TestNode.start(secret, name, s -> s.presenceTimings(FAST), c -> c.nodeReapGrace(GRACE));
    }

    private Set<String> route(String unit) {
        return strings(redis.sync().smembers(RedisKeys.route(unit)));
    }

    private Set<String> registry() {
        return redis.sync().zrange(RedisKeys.NODES_SEEN, 0, -1).stream().map(NodeReaperIT::text)
                .collect(Collectors.toSet());
    }

    private static Set<String> strings(Set<byte[]> members) {
        return members.stream().map(NodeReaperIT::text).collect(Collectors.toSet());
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
