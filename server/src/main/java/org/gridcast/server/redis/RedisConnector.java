package org.gridcast.server.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Optional;

/**
 * Opens the Lettuce connections the server uses, to one Redis ({@code --redis URL}) or to a Redis
 * Cluster ({@code --redis-cluster HOST:PORT,...}). One multiplexed connection carries every
 * command (Lettuce pipelines concurrent calls on it); pub/sub needs connections of its own.
 *
 * <p>Fails fast: commands are rejected while disconnected and time out after
 * {@link #DEFAULT_COMMAND_TIMEOUT}. A timed-out write may still run later, which is why every
 * write script is idempotent (dedupe on the client's ids).
 *
 * <p>In a cluster the slot map is refreshed every {@link #DEFAULT_TOPOLOGY_REFRESH} and at once
 * (adaptive) on a MOVED or ASK redirect or on persistent reconnects, the signs of a failover;
 * refreshes triggered that way are at most one per {@link #ADAPTIVE_REFRESH_TIMEOUT}. An acked
 * write that fails on a dead or demoted master asks for one too ({@link TopologyRefresh}): a dead
 * master raises none of those triggers once the refreshes they caused have run.
 */
public final class RedisConnector implements AutoCloseable {
    /** Long enough for an fsync-always AOF write on a slow disk, short enough to answer a phone. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** Periodic slot-map refresh: bounds how long a missed failover signal leaves a stale map. */
    public static final Duration DEFAULT_TOPOLOGY_REFRESH = Duration.ofSeconds(5);
    /** Rate limit of adaptive refreshes, so a burst of redirects does not become a burst of CLUSTER NODES. */
    public static final Duration ADAPTIVE_REFRESH_TIMEOUT = Duration.ofMillis(500);

    /** Keys are UTF-8 strings; values are raw bytes (protobuf) or UTF-8 digits. */
    public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final RedisClusterClient cluster;
    private final int waitReplicas;
    private final TopologyRefresh topology;
    /** Resources this connector made itself and so must shut down; null when the caller owns them. */
    private final ClientResources owned;

    public RedisConnector(String uri, ClientResources resources) {
        this(RedisEndpoint.single(uri), resources, null);
    }

    public RedisConnector(String uri) {
        this(RedisEndpoint.single(uri), null, ClientResources.create());
    }

    public RedisConnector(RedisEndpoint endpoint, ClientResources resources) {
        this(endpoint, resources, null);
    }

    public RedisConnector(RedisEndpoint endpoint) {
        this(endpoint, null, ClientResources.create());
    }

    private RedisConnector(RedisEndpoint endpoint, ClientResources shared, ClientResources owned) {
        this.owned = owned;
        ClientResources resources = shared != null ? shared : owned;
        this.waitReplicas = endpoint.waitReplicas();
        TimeoutOptions timeouts = TimeoutOptions.enabled(DEFAULT_COMMAND_TIMEOUT);
        if (endpoint.isCluster()) {
            this.client = null;
            this.cluster = RedisClusterClient.create(resources, endpoint.seeds());
            this.cluster.setOptions(ClusterClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .autoReconnect(true)
                    .timeoutOptions(timeouts)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(DEFAULT_TOPOLOGY_REFRESH)
                            .enableAllAdaptiveRefreshTriggers()
                            .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_TIMEOUT)
                            .build())
                    .build());
            this.topology = new TopologyRefresh(cluster, TopologyRefresh.DEFAULT_MIN_GAP);
        } else {
            this.cluster = null;
            this.topology = TopologyRefresh.NONE;
            this.client = RedisClient.create(resources, endpoint.seeds().get(0));
            this.client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .autoReconnect(true)
                    .timeoutOptions(timeouts)
                    .build());
        }
    }

    public boolean isCluster() {
        return cluster != null;
    }

    public RedisLink<String, byte[]> connect() {
        return cluster != null ? RedisLink.of(cluster.connect(CODEC), waitReplicas, topology)
                : RedisLink.of(client.connect(CODEC));
    }

    public RedisLink<String, String> connectStrings() {
        return cluster != null ? RedisLink.of(cluster.connect(StringCodec.UTF8), waitReplicas, topology)
                : RedisLink.of(client.connect(StringCodec.UTF8));
    }

    /** Classic pub/sub (SUBSCRIBE): one connection, to the single Redis or to any cluster node. */
    public StatefulRedisPubSubConnection<String, byte[]> connectPubSub() {
        return cluster != null ? cluster.connectPubSub(CODEC) : client.connectPubSub(CODEC);
    }

    /** Slot-map refreshes asked for after failed acked writes ({@link TopologyRefresh}); 0 on one Redis. */
    public long topologyRefreshes() {
        return topology.asked();
    }

    /** The cluster client, for sharded pub/sub (SSUBSCRIBE) kept on the right node by our code. */
    public Optional<RedisClusterClient> clusterClient() {
        return Optional.ofNullable(cluster);
    }

    @Override
    public void close() {
        AbstractRedisClient c = cluster != null ? cluster : client;
        c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (owned != null) {
            owned.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
