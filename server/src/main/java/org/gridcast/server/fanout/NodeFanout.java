package org.gridcast.server.fanout;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.node.NodeMessage;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node-to-node delivery: the publish to each node's channel ({@link RedisKeys#nodeChannel}) of
 * the nodes that hold an audience, as named by a unit's route ({@link Routes}, read by the post
 * script) or by the members' {@code presence:{i:M}} hashes. The store scripts only store and name
 * nodes; publishing is always this class's step after them, because in a Redis Cluster every node
 * channel lives in its own slot. This package holds the rest of fan-out: the route sets
 * ({@link Routes}), this node's subscription ({@link NodeBus}) and the walk over its own sessions
 * ({@link LocalFanout}).
 *
 * <p>On one Redis it is classic PUBLISH. In a cluster it is sharded pub/sub (SPUBLISH), which goes
 * to the one shard that serves the channel's slot instead of every node of the cluster. A
 * sharded subscription moves when its shard fails over, and for a moment nobody listens
 * ({@link ShardedSubscription} re-subscribes): a SPUBLISH that reached no subscriber, or failed,
 * is retried in the background with backoff for up to {@link #REDELIVERY_WINDOW}. Pushes are
 * hints, never the record: a device also repairs gaps by fetching, so a push lost past that
 * window costs latency, not a notice.
 */
public final class NodeFanout {
    private static final Logger log = LoggerFactory.getLogger(NodeFanout.class);
    /** A failover plus a re-subscription take a few seconds; past this the node is likely gone. */
    public static final Duration REDELIVERY_WINDOW = Duration.ofSeconds(10);
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 1000;

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final boolean sharded;

    public NodeFanout(RedisLink<String, byte[]> redis) {
        this.redis = redis.async();
        this.sharded = redis.cluster().isPresent();
    }

    /** True in a Redis Cluster: node channels are sharded (SPUBLISH/SSUBSCRIBE). */
    public boolean sharded() {
        return sharded;
    }

    /** The NodeMessage carrying a stored notice, as the bytes a node channel carries. */
    public static byte[] noticeMessage(Notice stored) {
        return NodeMessage.newBuilder().setNotice(stored).build().toByteArray();
    }

    /** One publish to one node; completes with the receivers Redis counted. No retry. */
    public CompletionStage<Long> publish(String node, byte[] message) {
        String channel = RedisKeys.nodeChannel(node);
        return sharded ? redis.spublish(channel, message) : redis.publish(channel, message);
    }

    /**
     * Publishes to each node and completes once each got a first attempt (the ack of a post does
     * not wait for redelivery). In a cluster a failed or unheard attempt is retried behind it.
     */
    public CompletionStage<Void> publishToNodes(Collection<String> nodes, byte[] message) {
        CompletableFuture<?>[] first = nodes.stream()
                .map(n -> publish(n, message).toCompletableFuture()
                        .whenComplete((receivers, error) -> {
                            if (sharded && (error != null || receivers == 0)) {
                                redeliver(n, message, FIRST_RETRY_MS, System.nanoTime());
                            }
                        })
                        .exceptionally(e -> 0L))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(first);
    }

    /** Publishes a stored notice to the nodes a store script named. */
    public CompletionStage<Void> notice(List<String> nodes, Notice stored) {
        return nodes.isEmpty() ? CompletableFuture.completedFuture(null) : publishToNodes(nodes, noticeMessage(stored));
    }

    /** The nodes holding a session of any of the members (one HVALS each), then the publish. */
    public CompletionStage<Void> toMembers(Collection<String> members, byte[] message) {
        return nodesOf(members).thenCompose(nodes -> publishToNodes(nodes, message));
    }

    /** Distinct nodes named in the members' presence hashes. */
    public CompletionStage<Set<String>> nodesOf(Collection<String> members) {
        List<CompletableFuture<List<byte[]>>> reads = members.stream()
                .map(m -> redis.hvals(RedisKeys.presence(m)).toCompletableFuture()).toList();
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(x -> {
            Set<String> nodes = new LinkedHashSet<>();
            for (CompletableFuture<List<byte[]>> r : reads) {
                for (byte[] v : r.join()) {
                    nodes.add(new String(v, StandardCharsets.UTF_8));
                }
            }
            return nodes;
        });
    }

    /**
     * A control message for every node (revocation kicks). Classic PUBLISH on one Redis; in a
     * cluster a SPUBLISH on {@link RedisKeys#CONTROL}, which every node subscribes to on its shard.
     */
    public CompletionStage<Long> control(byte[] message) {
        return sharded ? redis.spublish(RedisKeys.CONTROL, message) : redis.publish(RedisKeys.CONTROL, message);
    }

    private void redeliver(String node, byte[] message, long delayMs, long startedNanos) {
        if (System.nanoTime() - startedNanos > REDELIVERY_WINDOW.toNanos()) {
            log.debug("no subscriber on node {} within {}; its devices will fetch", node, REDELIVERY_WINDOW);
            return;
        }
        Executor later = CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS);
        CompletableFuture.runAsync(() -> publish(node, message).whenComplete((receivers, error) -> {
            if (error != null || receivers == 0) {
                redeliver(node, message, Math.min(MAX_RETRY_MS, delayMs * 2), startedNanos);
            }
        }), later);
    }
}
