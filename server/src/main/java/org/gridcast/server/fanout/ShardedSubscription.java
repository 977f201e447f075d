package org.gridcast.server.fanout;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.gridcast.server.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sharded pub/sub subscription (SSUBSCRIBE) kept on the master that serves its channel's
 * slot, across failovers, slot moves and reconnects.
 *
 * <p>Lettuce 6.5.1 does not move an SSUBSCRIBE when its shard fails over (lettuce issue #3213):
 * the subscription stays with the dead master's connection. So this class holds a plain
 * connection of its own to the slot's master and {@link #check}s it every {@link #CHECK_PERIOD}:
 * when the connection is closed, Redis said {@code sunsubscribe} (the slot left that node), or
 * the cluster's slot map names another master, it subscribes on the master the map names now
 * and only then closes the old connection (a message may come twice, never through a gap we
 * could avoid). A dropped connection also asks for a slot-map refresh, so a failover is followed
 * within about one refresh plus one check after Redis promoted the replica.
 *
 * <p>Messages published while nobody listens are lost to pub/sub; {@link NodeFanout} retries a
 * publish that reached no subscriber, and devices fetch what a push did not bring.
 */
final class ShardedSubscription implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShardedSubscription.class);
    /** How often the subscription is compared with the slot map: one small read, no I/O. */
    static final Duration CHECK_PERIOD = Duration.ofMillis(250);
    /** At most one slot-map refresh asked for per this long, whatever the checks find. */
    private static final Duration REFRESH_SPACING = Duration.ofSeconds(1);

    private final RedisClusterClient cluster;
    private final RedisClient direct;
    private final RedisURI credentials;
    private final String channel;
    private final int slot;
    private final Consumer<byte[]> onMessage;
    private final AtomicLong resubscriptions = new AtomicLong();
    private volatile StatefulRedisPubSubConnection<String, byte[]> current;
    private volatile String currentNode = "";
    private volatile boolean subscribed;
    private volatile boolean closed;
    private long lastRefreshNanos;

    ShardedSubscription(RedisClusterClient cluster, RedisClient direct, RedisURI credentials, String channel,
            Consumer<byte[]> onMessage) {
        this.cluster = cluster;
        this.direct = direct;
        this.credentials = credentials;
        this.channel = channel;
        this.slot = SlotHash.getSlot(channel);
        this.onMessage = onMessage;
    }

    /** The first subscription: blocking, fails if the slot's master cannot be reached. */
    void start() {
        RedisClusterNode master = cluster.getPartitions().getMasterBySlot(slot);
        if (master == null) {
            throw new IllegalStateException("no master serves the slot of " + channel);
        }
        subscribeOn(master);
    }

    /** Runs on the subscriber's checker thread. */
    void check() {
        if (closed) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, byte[]> c = current;
            boolean alive = c != null && c.isOpen() && subscribed;
            if (!alive) {
                refreshSlotMap();
            }
            RedisClusterNode master = cluster.getPartitions().getMasterBySlot(slot);
            if (master == null || (alive && address(master).equals(currentNode))) {
                return;
            }
            subscribeOn(master);
            resubscriptions.incrementAndGet();
            log.info("sharded channel {} subscribed again on {}", channel, currentNode);
        } catch (RuntimeException e) {
            // the map may still name a dead or demoted master: ask again, try at the next check
            log.debug("re-subscribing {} failed: {}", channel, e.toString());
            refreshSlotMap();
        }
    }

    long resubscriptions() {
        return resubscriptions.get();
    }

    private void subscribeOn(RedisClusterNode master) {
        RedisURI uri = RedisURI.builder(credentials).withHost(master.getUri().getHost())
                .withPort(master.getUri().getPort()).build();
        StatefulRedisPubSubConnection<String, byte[]> fresh = direct.connectPubSub(RedisConnector.CODEC, uri);
        try {
            fresh.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void smessage(String ch, byte[] message) {
                    onMessage.accept(message);
                }

                @Override
                public void sunsubscribed(String ch, long count) {
                    // Redis unsubscribes us when the slot leaves this node (failover, migration)
                    if (fresh == current) {
                        subscribed = false;
                    }
                }
            });
            fresh.sync().ssubscribe(channel);
        } catch (RuntimeException e) {
            fresh.closeAsync();
            throw e;
        }
        StatefulRedisPubSubConnection<String, byte[]> old = current;
        current = fresh;
        currentNode = address(master);
        subscribed = true;
        if (old != null) {
            old.closeAsync();
        }
    }

    private void refreshSlotMap() {
        long now = System.nanoTime();
        if (now - lastRefreshNanos >= REFRESH_SPACING.toNanos()) {
            lastRefreshNanos = now;
            cluster.refreshPartitionsAsync();
        }
    }

    private static String address(RedisClusterNode node) {
        return node.getUri().getHost() + ":" + node.getUri().getPort();
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisPubSubConnection<String, byte[]> c = current;
        if (c != null) {
            c.close();
        }
    }
}
