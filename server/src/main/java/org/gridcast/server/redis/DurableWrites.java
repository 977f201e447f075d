package org.gridcast.server.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Write scripts whose ack a client will see, waiting for replicas together. In a Redis Cluster
 * each script runs on the master of its first key's slot, over Lettuce's connection to that
 * master, and {@link #awaitReplicas} then sends one {@code WAIT} per master the scripts ran on.
 * WAIT blocks until the replicas hold every write its connection made before it, so one WAIT per
 * master covers all the scripts that ran there: a point-to-point post to 1,000 recipients costs
 * one WAIT per master instead of 1,000.
 *
 * <p>On a single Redis, or with {@link RedisLink#waitReplicas()} 0, a script just runs and there
 * is nothing to wait for. One instance per request: {@link #awaitReplicas} is called once, after
 * every {@link #run} completed.
 */
public final class DurableWrites {
    private final RedisLink<String, byte[]> link;
    /**
     * Each connection the scripts ran on → its master's address. WAIT must go out on the very
     * connection that wrote (Lettuce keeps one per master, but if it gave two, each gets a WAIT).
     */
    private final Map<StatefulRedisConnection<String, byte[]>, String> masters = new ConcurrentHashMap<>();

    public DurableWrites(RedisLink<String, byte[]> link) {
        this.link = link;
    }

    private boolean waits() {
        return link.cluster().isPresent() && link.waitReplicas() > 0;
    }

    /** Runs the script (EVALSHA, EVAL when Redis forgot it) on its slot's master; no WAIT yet. */
    public <T> CompletionStage<T> run(LuaScript script, ScriptOutputType type, String[] keys, byte[]... args) {
        if (!waits()) {
            return script.run(link.async(), type, keys, args);
        }
        return reportingFailures(runOnMaster(script, type, keys, args));
    }

    private <T> CompletionStage<T> runOnMaster(LuaScript script, ScriptOutputType type, String[] keys, byte[]... args) {
        StatefulRedisClusterConnection<String, byte[]> cluster = link.cluster().get();
        RedisClusterNode master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(keys[0]));
        if (master == null) {
            return CompletableFuture.failedFuture(new RedisException("no master serves the slot of " + keys[0]));
        }
        String host = master.getUri().getHost();
        int port = master.getUri().getPort();
        return cluster.getConnectionAsync(host, port).thenCompose(node -> {
            masters.putIfAbsent(node, host + ":" + port);
            return script.<T>run(node.async(), type, keys, args);
        });
    }

    /**
     * One {@code WAIT N <timeout>} on each master a script ran on, in parallel. Fails with a
     * {@link RedisException} (answered UNAVAILABLE) when any of them reports fewer than
     * {@link RedisLink#waitReplicas()} replicas within {@link RedisEndpoint#DEFAULT_WAIT_TIMEOUT};
     * the scripts' own dedupe makes the client's retry safe.
     */
    public CompletionStage<Void> awaitReplicas() {
        if (!waits() || masters.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int replicas = link.waitReplicas();
        long timeoutMs = RedisEndpoint.DEFAULT_WAIT_TIMEOUT.toMillis();
        CompletableFuture<?>[] waits = masters.entrySet().stream()
                .map(m -> m.getKey().async().waitForReplication(replicas, timeoutMs).toCompletableFuture()
                        .thenAccept(acked -> {
                            if (acked < replicas) {
                                throw new RedisException("writes on " + m.getValue() + " reached " + acked + " of "
                                        + replicas + " replicas within " + timeoutMs + " ms");
                            }
                        }))
                .toArray(CompletableFuture[]::new);
        return reportingFailures(CompletableFuture.allOf(waits));
    }

    /** A failed write or WAIT may mean the slot map is stale: ask for a new one before the retry. */
    private <T> CompletionStage<T> reportingFailures(CompletionStage<T> write) {
        return write.whenComplete((result, error) -> {
            if (error != null) {
                link.topology().afterFailure(error);
            }
        });
    }
}
