package org.gridcast.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gridcast.server.fanout.NodeFanout;
import org.gridcast.server.fanout.Routes;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisEndpoint;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.testing.RedisCluster;
import org.gridcast.server.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sweep for dead node ids on a real 3-master/3-replica Redis Cluster: every step is a
 * script or command in one slot (a cross-slot script would fail with CROSSSLOT), the units the
 * dead node was routed in sit on all three masters, and the sharded publishes of a unit notice
 * (SPUBLISH, counted on every master) go to the live node only once the dead one is swept. A live
 * node, refreshing its lease through its {@link Presence}, is never swept.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterNodeReaperIT {
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static RedisCluster cluster;
    private static RedisConnector connector;
    private static RedisLink<String, byte[]> redis;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "needs redis-cli and redis-server 7+ on PATH (.ci/run installs them)");
        cluster = RedisCluster.start();
        connector = new RedisConnector(RedisEndpoint.cluster(cluster.seeds(), cluster.password().toCharArray()));
        redis = connector.connect();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
            connector.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aDeadNodeIsSweptOnEveryMasterAndALiveOneIsNot() throws Exception {
        List<String> units = List.of("town", "community", "grid", "mg1", "mg2", "mg4");
        assertThat(units.stream().map(u -> cluster.masterOf(RedisKeys.route(u)).port()).distinct().count())
                .as("the units' routes sit on all three masters").isEqualTo(3);
        assertThat(cluster.masterOf(RedisKeys.lease("node-dead")).port())
                .isNotEqualTo(cluster.masterOf(RedisKeys.NODES_SEEN).port());

        Presence live = new Presence("node-live", redis, new Routes("node-live", redis), TestNode.TREE,
                NodeReaperIT.FAST);
        live.start(List::of);
        try {
            new Routes("node-live", redis).joined(units);
            new Routes("node-dead", redis).joined(units);
            redis.sync().hset(RedisKeys.online("node-dead"), "town", bytes("2"));
            redis.sync().hset(RedisKeys.presence("alice"), "phone", bytes("node-dead"));
            redis.sync().hset(RedisKeys.presence("carol"), "phone", bytes("node-live"));
            redis.sync().zadd(RedisKeys.NODES_SEEN, 1, bytes("node-dead"));   // its last refresh, long ago
            for (String u : units) {
                assertThat(publishesOfANoticeTo(u)).as("publishes to %s before the sweep", u).isEqualTo(2);
            }

            NodeReaper sweeper = new NodeReaper("node-live", redis, NodeReaperIT.FAST, new NodeReaping(GRACE, GRACE));
            redis.sync().zadd(RedisKeys.NODES_SEEN, 1, bytes("node-live"));   // an old time must not matter: it has a lease
            assertThat(sweeper.sweep()).containsExactly("node-dead");

            for (String u : units) {
                assertThat(route(u)).as("route of %s", u).containsExactly("node-live");
                assertThat(publishesOfANoticeTo(u)).as("publishes to %s after the sweep", u).isEqualTo(1);
            }
            assertThat(redis.sync().exists(RedisKeys.nodeRoutes("node-dead"))).isZero();
            assertThat(redis.sync().exists(RedisKeys.online("node-dead"))).isZero();
            assertThat(redis.sync().exists(RedisKeys.nodeReaping("node-dead"))).isZero();
            assertThat(redis.sync().hgetall(RedisKeys.presence("alice"))).isEmpty();
            assertThat(new String(redis.sync().hget(RedisKeys.presence("carol"), "phone"), StandardCharsets.UTF_8))
                    .isEqualTo("node-live");
            NodeReaperIT.await("the live node seen again", () -> registry().equals(Set.of("node-live"))
                    && redis.sync().zscore(RedisKeys.NODES_SEEN, bytes("node-live")) > 1);
            assertThat(sweeper.sweep()).isEmpty();
            assertThat(route("mg1")).containsExactly("node-live");
        } finally {
            live.close();
        }
    }

    /** SPUBLISH calls of one notice's fan-out to the unit's route, summed over the masters. */
    private static long publishesOfANoticeTo(String unit) throws Exception {
        Set<String> nodes = new Routes("reader", redis).nodes(unit).toCompletableFuture().get(5, TimeUnit.SECONDS);
        long before = spublishCalls();
        NodeFanout fanout = new NodeFanout(redis);
        for (String node : nodes) {   // the fan-out's step per node (publishToNodes also retries unheard ones)
            fanout.publish(node, new byte[] {1}).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        return spublishCalls() - before;
    }

    private static long spublishCalls() {
        long calls = 0;
        Pattern p = Pattern.compile("cmdstat_spublish:calls=(\\d+)");
        for (RedisCluster.Node n : cluster.nodes()) {
            Matcher m = p.matcher(n.info("commandstats"));
            calls += m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        return calls;
    }

    private static Set<String> route(String unit) {
        return redis.sync().smembers(RedisKeys.route(unit)).stream().map(b -> new String(b, StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }

    private static Set<String> registry() {
        return redis.sync().zrange(RedisKeys.NODES_SEEN, 0, -1).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
