package org.gridcast.server.fanout;

import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.node.NodeMessage;

/**
 * Sends a node message to every node that holds a session of one member (the nodes named in
 * {@code presence:<member>}), so badges, kicks and moves reach the member's devices wherever
 * they are connected. One HVALS plus one PUBLISH per node: never a scan of sessions.
 */
public final class MemberBroadcast {
    private final RedisLink<String, byte[]> redis;
    private final NodeBus bus;

    public MemberBroadcast(RedisLink<String, byte[]> redis, NodeBus bus) {
        this.redis = redis;
        this.bus = bus;
    }

    public CompletionStage<Void> send(String member, NodeMessage message) {
        return redis.async().hvals(RedisKeys.presence(member)).thenCompose(values -> {
            Set<String> nodes = new LinkedHashSet<>();
            for (byte[] v : values) {
                nodes.add(new String(v, StandardCharsets.UTF_8));
            }
            CompletableFuture<?>[] sent = nodes.stream()
                    .map(n -> bus.publish(n, message).toCompletableFuture())
                    .toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(sent);
        });
    }
}
