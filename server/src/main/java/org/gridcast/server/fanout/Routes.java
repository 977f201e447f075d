package org.gridcast.server.fanout;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;

/**
 * The {@code route:{u:U}} sets: which nodes hold at least one session in unit U's subtree. A unit
 * notice is routed by them: {@code post_unit.lua} reads the set in the unit channel's own slot
 * ({@link #key}) and names its nodes, and {@link NodeFanout} publishes to each node's channel.
 *
 * <p>Each node writes only its own membership. It also lists the units it joined in
 * {@code node:{node:N}:routes}, so that the next run under the same node id can take back what a
 * crash left behind ({@link #leaveAll}): a route naming a dead node costs a publish nobody
 * hears on every notice to that unit.
 *
 * <p>Route writes are not acked to anyone, so they are not waited for on replicas; a failover
 * can lose the last of them, and the node writes them again from memory ({@link #rewrite}).
 * Which units this node is in is counted by {@code presence.Presence} (a unit joins when its
 * local online count goes 0 → 1 and leaves when it drops to 0); this class only writes and reads.
 */
public final class Routes {
    private final String node;
    private final byte[] nodeBytes;
    private final RedisLink<String, byte[]> link;
    private final RedisClusterAsyncCommands<String, byte[]> redis;

    public Routes(String node, RedisLink<String, byte[]> link) {
        this.node = node;
        this.nodeBytes = bytes(node);
        this.link = link;
        this.redis = link.async();
    }

    /**
     * The route set of a unit, as the post script declares it among its keys: it shares the hash
     * tag {@code {u:U}} with the unit's channel, so the script reads it in its own slot.
     */
    public static String key(String unit) {
        return RedisKeys.route(unit);
    }

    /** This node now holds a session in each unit's subtree; written at once, not batched. */
    public void joined(Collection<String> units) {
        for (String unit : units) {
            redis.sadd(RedisKeys.route(unit), nodeBytes);
            redis.sadd(RedisKeys.nodeRoutes(node), bytes(unit));
        }
    }

    /** This node no longer holds a session in any of these units' subtrees. */
    public void left(Collection<String> units) {
        for (String unit : units) {
            redis.srem(RedisKeys.route(unit), nodeBytes);
            redis.srem(RedisKeys.nodeRoutes(node), bytes(unit));
        }
    }

    /**
     * Writes again every route this node is in, after a Redis Cluster topology change: a failover
     * loses the route writes its master had not replicated yet. Idempotent (SADD), pipelined.
     */
    public void rewrite(Collection<String> units) {
        joined(units);
    }

    /** The nodes in the unit's route, whether their lease is still alive or not. */
    public CompletionStage<Set<String>> nodes(String unit) {
        return redis.smembers(RedisKeys.route(unit)).thenApply(members -> {
            Set<String> nodes = new LinkedHashSet<>();
            members.forEach(n -> nodes.add(new String(n, StandardCharsets.UTF_8)));
            return nodes;
        });
    }

    /**
     * Takes this node out of every route listed under its id, then forgets the list: at start,
     * what an earlier run under the same id left when it crashed; at a graceful stop, its own.
     * Blocking; at start call it before accepting clients, so nothing this run joins is undone.
     */
    public void leaveAll() {
        RedisClusterCommands<String, byte[]> sync = link.sync();
        for (byte[] unit : sync.smembers(RedisKeys.nodeRoutes(node))) {
            sync.srem(RedisKeys.route(new String(unit, StandardCharsets.UTF_8)), nodeBytes);
        }
        sync.del(RedisKeys.nodeRoutes(node));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
