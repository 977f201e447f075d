package org.gridcast.server.event;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ChatMessage;
import org.gridcast.server.event.consult.ConversationLog;

/**
 * A small ConversationLog over real Redis for the tests (the integrator maps it to the core's
 * channels): INCR for the seq, HSET for the message, a dedupe key, a read-cursor hash, a party set.
 */
public final class RedisConversationLog implements ConversationLog {
    private static final java.nio.charset.Charset RAW = java.nio.charset.StandardCharsets.ISO_8859_1;
    private final RedisClusterAsyncCommands<String, String> redis;

    public RedisConversationLog(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<Void> setParties(String id, Collection<String> parties) {
        return redis.del("tlog:" + id + ":parties")
                .thenCompose(x -> redis.sadd("tlog:" + id + ":parties", parties.toArray(String[]::new)))
                .thenApply(x -> null);
    }

    public CompletionStage<java.util.Set<String>> parties(String id) {
        return redis.smembers("tlog:" + id + ":parties");
    }

    @Override
    public CompletionStage<Long> append(String id, ChatMessage message, String dedupeId) {
        return redis.get("tlog:" + id + ":dedupe:" + dedupeId).thenCompose(seen -> {
            if (seen != null) {
                return CompletableFuture.completedFuture(Long.parseLong(seen));
            }
            return redis.incr("tlog:" + id + ":head").thenCompose(seq -> {
                ChatMessage m = message.toBuilder().setSeq(seq).build();
                return redis.hset("tlog:" + id, Long.toString(seq), new String(m.toByteArray(), RAW))
                        .thenCompose(x -> redis.set("tlog:" + id + ":dedupe:" + dedupeId, Long.toString(seq)))
                        .thenApply(x -> seq);
            });
        });
    }

    @Override
    public CompletionStage<List<ChatMessage>> history(String id, long afterSeq, int limit) {
        String[] fields = new String[limit];
        for (int i = 0; i < limit; i++) {
            fields[i] = Long.toString(afterSeq + 1 + i);
        }
        return redis.hmget("tlog:" + id, fields).thenApply(kvs -> {
            List<ChatMessage> out = new ArrayList<>();
            kvs.forEach(kv -> kv.ifHasValue(v -> {
                try {
                    out.add(ChatMessage.parseFrom(v.getBytes(RAW)));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                }
            }));
            return out;
        });
    }

    /** What the core's MarkRead does: raise (never lower) the member's read cursor, from any device. */
    public CompletionStage<Void> markRead(String id, String member, long seq) {
        return readCursor(id, member).thenCompose(cur -> cur >= seq ? CompletableFuture.completedFuture(null)
                : redis.hset("tlog:" + id + ":read", member, Long.toString(seq)).thenApply(x -> (Void) null));
    }

    /** head − read: the member's unread count on this conversation. */
    public CompletionStage<Long> unread(String id, String member) {
        return redis.get("tlog:" + id + ":head").thenCompose(h -> readCursor(id, member)
                .thenApply(r -> (h == null ? 0 : Long.parseLong(h)) - r));
    }

    @Override
    public CompletionStage<Long> readCursor(String id, String member) {
        return redis.hget("tlog:" + id + ":read", member).thenApply(v -> v == null ? 0L : Long.parseLong(v));
    }
}
