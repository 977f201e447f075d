package org.gridcast.server.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Optional;

/**
 * One multiplexed Lettuce connection, to a single Redis or to a Redis Cluster, seen through the
 * commands both share ({@link RedisClusterAsyncCommands}: no MULTI, no SELECT). Stores take this
 * instead of a {@link StatefulRedisConnection} so the same code runs in both modes; in a cluster
 * Lettuce routes each command by the slot of its first key, which is why every script declares
 * its keys in KEYS and all of them hash to one slot ({@link RedisKeys}).
 *
 * <p>It also carries the durability policy of acked writes ({@link #waitReplicas()}), which
 * {@link LuaScript#runDurably} applies.
 */
public final class RedisLink<K, V> implements AutoCloseable {
    private final StatefulConnection<K, V> connection;
    private final RedisClusterAsyncCommands<K, V> async;
    private final RedisClusterCommands<K, V> sync;
    private final StatefulRedisClusterConnection<K, V> cluster;
    private final int waitReplicas;
    private final TopologyRefresh topology;

    private RedisLink(StatefulConnection<K, V> connection, RedisClusterAsyncCommands<K, V> async,
            RedisClusterCommands<K, V> sync, StatefulRedisClusterConnection<K, V> cluster, int waitReplicas,
            TopologyRefresh topology) {
        this.connection = connection;
        this.async = async;
        this.sync = sync;
        this.cluster = cluster;
        this.waitReplicas = waitReplicas;
        this.topology = topology;
    }

    public static <K, V> RedisLink<K, V> of(StatefulRedisConnection<K, V> single) {
        return new RedisLink<>(single, single.async(), single.sync(), null, 0, TopologyRefresh.NONE);
    }

    public static <K, V> RedisLink<K, V> of(StatefulRedisClusterConnection<K, V> cluster, int waitReplicas) {
        return of(cluster, waitReplicas, TopologyRefresh.NONE);
    }

    /** A cluster link whose failed acked writes ask {@code topology} for a new slot map. */
    public static <K, V> RedisLink<K, V> of(StatefulRedisClusterConnection<K, V> cluster, int waitReplicas,
            TopologyRefresh topology) {
        return new RedisLink<>(cluster, cluster.async(), cluster.sync(), cluster, waitReplicas, topology);
    }

    public RedisClusterAsyncCommands<K, V> async() {
        return async;
    }

    public RedisClusterCommands<K, V> sync() {
        return sync;
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    /** The cluster connection, when this link is to a Redis Cluster. */
    public Optional<StatefulRedisClusterConnection<K, V>> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** Replicas {@link LuaScript#runDurably} waits for (0 on a single Redis). */
    public int waitReplicas() {
        return waitReplicas;
    }

    /** Where {@link DurableWrites} reports failures that suggest a stale slot map. */
    public TopologyRefresh topology() {
        return topology;
    }

    @Override
    public void close() {
        connection.close();
    }
}
