package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.redis.RedisEndpoint;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.testing.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a post sees when the master of its unit channel's slot is killed with kill -9, on a real
 * 3-master/3-replica cluster, while the old master stays away for a while: posts are refused
 * UNAVAILABLE until the slot has a new master that the node's slot map names and that has a
 * replica again (WAIT 1), then they are acked, each id once. The node's slot map must name the
 * promoted master before the old one is back: the failed writes asked for a refresh
 * ({@code TopologyRefresh}). The times from the kill (promotion, the node's map, first ack) are
 * written to the log, a measurement and not an assertion: the machine is shared.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FailoverRefreshIT {
    private static final Logger log = LoggerFactory.getLogger(FailoverRefreshIT.class);
    private static final String MICROGRID = "t1-c1-g1-m1";
    private static final String STAFF = "t1-c1-s1";
    private static final int POSTS = 5;
    /** A client's retry pace (the app backs off more; this keeps the measurement fine-grained). */
    private static final long RETRY_MS = 50;
    /**
     * How long the killed master stays away after the promotion. Longer than the periodic refresh
     * (5 s), so the log tells whether the node's slot map waited for it.
     */
    private static final java.time.Duration REPLICA_BACK_AFTER = java.time.Duration.ofSeconds(6);

    private static RedisCluster cluster;
    private static GridcastServer node;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "needs redis-cli and redis-server 7+ on PATH (.ci/run installs them)");
        cluster = RedisCluster.start();
        Path dir = Files.createTempDirectory("failover-refresh");
        ServerConfig config = ServerConfig.builder(dir).bindHost("127.0.0.1").port(0).httpPort(0)
                .redisCluster(RedisEndpoint.cluster(cluster.seeds(), cluster.password().toCharArray()))
                .seeds("synthetic:10").secretFile(dir.resolve("secret")).node("node-f").build();
        node = GridcastServer.start(config, GridcastServices.builder(config, Clock.systemUTC()).build());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {node, cluster}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    void afterAKilledMasterIsReplacedPostsAreAckedAgainEachOnce() throws Exception {
        String channel = "u:" + MICROGRID;
        int slot = SlotHash.getSlot(RedisKeys.log(channel));
        GridcastClient staff = GridcastClient.builder().server("127.0.0.1", node.tcpPort())
                .token(node.runtime().tokens().issue(STAFF, "desk")).device("desk").build();
        staff.connect().get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
        try {
            long first = post(staff, "before").getSeq();
            RedisCluster.Node master = cluster.masterOf(RedisKeys.log(channel));
            List<Long> acked = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger refused = new AtomicInteger();
            AtomicLong firstAck = new AtomicLong();
            AtomicLong mapSwitched = new AtomicLong();

            long killed = System.nanoTime();
            master.kill9();
            Thread poster = new Thread(() -> {
                for (int i = 1; i <= POSTS; i++) {
                    acked.add(postUntilAcked(staff, "after-" + i, refused, killed));
                    firstAck.compareAndSet(0, System.nanoTime());
                }
            }, "poster");
            poster.start();
            RedisCluster.Node promoted = cluster.awaitFailover(RedisKeys.log(channel), master);
            long failedOver = System.nanoTime();
            // the node's own slot map: when does it name the promoted master?
            while (System.nanoTime() - failedOver < REPLICA_BACK_AFTER.toNanos()) {
                if (mapSwitched.get() == 0 && promoted.port() == masterInNodeMap(slot)) {
                    mapSwitched.set(System.nanoTime());
                }
                Thread.sleep(10);
            }
            master.restart();   // back as the promoted master's replica, so WAIT 1 can be met again
            long restarted = System.nanoTime();
            poster.join(TimeUnit.SECONDS.toMillis(120));
            assertThat(poster.isAlive()).isFalse();
            log.info("kill -9 of {}: the cluster promoted {} at {} ms; the node's slot map named it at {} ms; the old "
                            + "master was started again at {} ms (as a replica); first acked post at {} ms; {} posts "
                            + "refused UNAVAILABLE meanwhile; slot-map refreshes the node asked for: {}",
                    master, promoted, ms(failedOver - killed), mapSwitched.get() == 0 ? "never (within the wait)"
                            : ms(mapSwitched.get() - killed), ms(restarted - killed), ms(firstAck.get() - killed),
                    refused.get(), node.runtime().connector().topologyRefreshes());
            assertThat(acked).as("each post once, in order, after the one before the kill")
                    .isEqualTo(LongStream.rangeClosed(first + 1, first + POSTS).boxed().toList());
            assertThat(mapSwitched.get()).as("the node's slot map names the promoted master before the old one is back")
                    .isPositive();
            assertThat(node.runtime().connector().topologyRefreshes()).as("refreshes asked for by failed writes")
                    .isPositive();
        } finally {
            staff.close();
        }
    }

    private static int masterInNodeMap(int slot) {
        RedisClusterNode m = node.runtime().redis().cluster().orElseThrow().getPartitions().getMasterBySlot(slot);
        return m == null ? -1 : m.getUri().getPort();
    }

    private static long postUntilAcked(GridcastClient client, String id, AtomicInteger refused, long since) {
        while (true) {
            try {
                return post(client, id).getSeq();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GridcastClientException g) || !"UNAVAILABLE".equals(g.code())
                        || System.nanoTime() - since > TimeUnit.SECONDS.toNanos(90)) {
                    throw new AssertionError("post " + id + " failed: " + e.getCause(), e);
                }
                refused.incrementAndGet();
                sleepMs(RETRY_MS);
            } catch (Exception e) {
                throw new AssertionError("post " + id + " failed", e);
            }
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static NoticePosted post(GridcastClient client, String id) throws Exception {
        return client.postToUnit(MICROGRID, NoticeBody.newBuilder().setTitle("停水 " + id).setText("请储水。").build(), id)
                .get(30, TimeUnit.SECONDS);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
