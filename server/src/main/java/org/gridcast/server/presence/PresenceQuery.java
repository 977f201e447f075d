package org.gridcast.server.presence;

import org.gridcast.server.fanout.Routes;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads presence across all nodes. A node whose lease has expired does not count, so a crashed
 * node's members stop being online within the lease TTL even though its entries linger.
 */
public final class PresenceQuery {
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final Routes routes;

    public PresenceQuery(RedisLink<String, byte[]> connection, Routes routes) {
        this.redis = connection.async();
        this.routes = routes;
    }

    /** True when some device of the member is held by a node with a live lease. */
    public CompletionStage<Boolean> isOnline(String member) {
        return redis.hvals(RedisKeys.presence(member)).thenCompose(nodes -> {
            Set<String> distinct = new LinkedHashSet<>();
            nodes.forEach(n -> distinct.add(new String(n, StandardCharsets.UTF_8)));
            List<CompletableFuture<Long>> alive = new ArrayList<>();
            for (String node : distinct) {
                alive.add(redis.exists(RedisKeys.lease(node)).toCompletableFuture());
            }
            return all(alive).thenApply(v -> alive.stream().anyMatch(f -> f.join() > 0));
        });
    }

    /**
     * Online members in the unit's subtree, summed over nodes with a live lease; only the nodes in
     * the unit's route hold any.
     */
    public CompletionStage<Long> onlineCount(String unit) {
        return routes.nodes(unit).thenCompose(nodes -> {
            List<CompletableFuture<Long>> perNode = new ArrayList<>();
            for (String n : nodes) {
                perNode.add(countOf(n, unit));
            }
            return all(perNode).thenApply(v -> perNode.stream().mapToLong(CompletableFuture::join).sum());
        });
    }

    private CompletableFuture<Long> countOf(String node, String unit) {
        CompletableFuture<Long> alive = redis.exists(RedisKeys.lease(node)).toCompletableFuture();
        CompletableFuture<byte[]> count = redis.hget(RedisKeys.online(node), unit).toCompletableFuture();
        return alive.thenCombine(count, (a, c) -> a > 0 && c != null
                ? Long.parseLong(new String(c, StandardCharsets.US_ASCII)) : 0L);
    }

    private static CompletableFuture<Void> all(Collection<? extends CompletableFuture<?>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }
}
