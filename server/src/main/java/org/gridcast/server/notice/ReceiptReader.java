package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads who has read and confirmed one entry. For a unit (or any followed) channel the audience
 * comes from the caller (the directory knows the subtree) and members who started following
 * after the entry are left out; for an outbox entry the audience is its recipients hash and
 * "read" means the recipient's inbox cursor passed their inbox copy. Redis is asked in chunks of
 * {@link NoticeLimits#REDIS_CHUNK} members, one chunk after the other.
 */
final class ReceiptReader {
    private final RedisClusterAsyncCommands<String, byte[]> redis;

    ReceiptReader(RedisClusterAsyncCommands<String, byte[]> redis) {
        this.redis = redis;
    }

    CompletionStage<List<MemberReceipt>> audience(String channel, long seq, List<String> audience) {
        if (Channels.isOutbox(channel)) {
            return recipients(channel, seq);
        }
        List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(audience));
        return followers(channel, seq, distinct, 0, new ArrayList<>());
    }

    private CompletionStage<List<MemberReceipt>> followers(String channel, long seq, List<String> audience, int from,
                                                          List<MemberReceipt> out) {
        if (from >= audience.size()) {
            return CompletableFuture.completedFuture(out);
        }
        List<String> chunk = audience.subList(from, Math.min(audience.size(), from + NoticeLimits.REDIS_CHUNK));
        String[] fields = chunk.toArray(String[]::new);
        byte[][] members = chunk.stream().map(NoticeBytes::bytes).toArray(byte[][]::new);
        CompletableFuture<List<KeyValue<String, byte[]>>> starts =
                redis.hmget(RedisKeys.start(channel), fields).toCompletableFuture();
        CompletableFuture<List<KeyValue<String, byte[]>>> reads =
                redis.hmget(RedisKeys.read(channel), fields).toCompletableFuture();
        CompletableFuture<List<Boolean>> confirmed =
                redis.smismember(RedisKeys.confirm(channel, seq), members).toCompletableFuture();
        return CompletableFuture.allOf(starts, reads, confirmed).thenCompose(done -> {
            for (int i = 0; i < chunk.size(); i++) {
                long start = NoticeBytes.number(starts.join().get(i).getValueOrElse(null));
                if (start >= seq) {
                    continue;
                }
                long read = NoticeBytes.number(reads.join().get(i).getValueOrElse(null));
                out.add(new MemberReceipt(chunk.get(i), read >= seq, confirmed.join().get(i)));
            }
            return followers(channel, seq, audience, from + chunk.size(), out);
        });
    }

    private CompletionStage<List<MemberReceipt>> recipients(String outbox, long seq) {
        CompletableFuture<Map<String, byte[]>> rcpt = redis.hgetall(RedisKeys.rcpt(outbox, seq)).toCompletableFuture();
        CompletableFuture<Set<byte[]>> confirmed = redis.smembers(RedisKeys.confirm(outbox, seq)).toCompletableFuture();
        return CompletableFuture.allOf(rcpt, confirmed).thenCompose(done -> {
            Set<String> confirmers = new HashSet<>();
            confirmed.join().forEach(m -> confirmers.add(NoticeBytes.string(m)));
            List<Map.Entry<String, byte[]>> entries = new ArrayList<>(rcpt.join().entrySet());
            return inboxReads(entries, confirmers, 0, new ArrayList<>());
        });
    }

    /** For each recipient: HGET of their inbox read cursor, compared with their inbox seq. */
    private CompletionStage<List<MemberReceipt>> inboxReads(List<Map.Entry<String, byte[]>> entries,
                                                           Set<String> confirmers, int from, List<MemberReceipt> out) {
        if (from >= entries.size()) {
            return CompletableFuture.completedFuture(out);
        }
        List<Map.Entry<String, byte[]>> chunk =
                entries.subList(from, Math.min(entries.size(), from + NoticeLimits.REDIS_CHUNK));
        List<CompletableFuture<byte[]>> reads = new ArrayList<>(chunk.size());
        List<Long> inboxSeqs = new ArrayList<>(chunk.size());
        for (Map.Entry<String, byte[]> e : chunk) {
            String[] inboxAndSeq = NoticeBytes.string(e.getValue()).split(" ");
            inboxSeqs.add(Long.parseLong(inboxAndSeq[1]));
            reads.add(redis.hget(RedisKeys.read(inboxAndSeq[0]), e.getKey()).toCompletableFuture());
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            for (int i = 0; i < chunk.size(); i++) {
                String member = chunk.get(i).getKey();
                boolean read = NoticeBytes.number(reads.get(i).join()) >= inboxSeqs.get(i);
                out.add(new MemberReceipt(member, read, confirmers.contains(member)));
            }
            return inboxReads(entries, confirmers, from + chunk.size(), out);
        });
    }
}
