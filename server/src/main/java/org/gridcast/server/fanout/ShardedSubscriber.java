package org.gridcast.server.fanout;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * SSUBSCRIBE in a Redis Cluster: one {@link ShardedSubscription} per channel, each kept on the
 * master of its channel's slot by one checker thread for the node.
 */
public final class ShardedSubscriber implements NodeSubscriber {
    private final RedisClusterClient cluster;
    private final RedisClient direct;
    private final RedisURI credentials;
    private final ScheduledExecutorService timer;
    private final List<ShardedSubscription> subscriptions = new ArrayList<>();

    /**
     * @param direct a client for plain connections to single cluster nodes (same resources)
     * @param credentials a seed URI: its password and timeouts are used for every node
     */
    public ShardedSubscriber(RedisClusterClient cluster, RedisClient direct, RedisURI credentials, String node) {
        this.cluster = cluster;
        this.direct = direct;
        this.credentials = credentials;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gridcast-ssubscribe-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void subscribe(List<String> channels, Consumer<byte[]> onMessage) throws Exception {
        for (String channel : channels) {
            ShardedSubscription s = new ShardedSubscription(cluster, direct, credentials, channel, onMessage);
            s.start();
            subscriptions.add(s);
        }
        long period = ShardedSubscription.CHECK_PERIOD.toMillis();
        timer.scheduleWithFixedDelay(() -> subscriptions.forEach(ShardedSubscription::check), period, period,
                TimeUnit.MILLISECONDS);
    }

    /** Times a subscription moved to another master or was made again (for tests and metrics). */
    public long resubscriptions() {
        return subscriptions.stream().mapToLong(ShardedSubscription::resubscriptions).sum();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        subscriptions.forEach(ShardedSubscription::close);
        direct.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(1));
    }
}
