package org.gridcast.server.upgrade;

import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Whether two keys hold the same value. Equal {@code DUMP}s say so at once; but a set or a large
 * hash is serialized in the order of its hash table, which depends on the insertion history and,
 * across cluster nodes, on each node's random hash seed: a set restored on another master dumps
 * differently while holding the same members. So unequal dumps are settled by reading both
 * values by type, up to {@link #MAX_ELEMENTS} elements each (past that: not the same, which
 * reports a conflict instead of guessing).
 */
final class SameValue {
    /** Elements read per key to compare; a directory set (a unit's members) is far below it. */
    static final long MAX_ELEMENTS = 1_000_000;

    private SameValue() {
    }

    static CompletionStage<Boolean> of(RedisClusterAsyncCommands<String, byte[]> redis, String a, String b) {
        return both(redis, r -> r.dump(a), r -> r.dump(b), Arrays::equals).thenCompose(sameDump -> sameDump
                ? CompletableFuture.completedFuture(true)
                : both(redis, r -> r.type(a), r -> r.type(b), String::equals).thenCompose(sameType -> sameType
                        ? byType(redis, a, b) : CompletableFuture.completedFuture(false)));
    }

    private static CompletionStage<Boolean> byType(RedisClusterAsyncCommands<String, byte[]> redis, String a, String b) {
        return redis.type(a).<Boolean>thenCompose(type -> switch (type) {
            case "string" -> both(redis, r -> r.get(a), r -> r.get(b), Arrays::equals);
            case "hash" -> sized(redis, r -> r.hlen(a), r -> r.hlen(b),
                    () -> both(redis, r -> r.hgetall(a).thenApply(SameValue::hash), r -> r.hgetall(b).thenApply(SameValue::hash),
                            Map::equals));
            case "set" -> sized(redis, r -> r.scard(a), r -> r.scard(b),
                    () -> both(redis, r -> r.smembers(a).thenApply(SameValue::set), r -> r.smembers(b).thenApply(SameValue::set),
                            Set::equals));
            case "zset" -> sized(redis, r -> r.zcard(a), r -> r.zcard(b),
                    () -> both(redis, r -> r.zrangeWithScores(a, 0, -1).thenApply(SameValue::scored),
                            r -> r.zrangeWithScores(b, 0, -1).thenApply(SameValue::scored), List::equals));
            case "list" -> sized(redis, r -> r.llen(a), r -> r.llen(b),
                    () -> both(redis, r -> r.lrange(a, 0, -1).thenApply(SameValue::list),
                            r -> r.lrange(b, 0, -1).thenApply(SameValue::list), List::equals));
            case "stream" -> sized(redis, r -> r.xlen(a), r -> r.xlen(b),
                    () -> both(redis, r -> r.xrange(a, Range.create("-", "+")).thenApply(SameValue::stream),
                            r -> r.xrange(b, Range.create("-", "+")).thenApply(SameValue::stream), List::equals));
            default -> CompletableFuture.completedFuture(false);
        });
    }

    /** Same size and at most {@link #MAX_ELEMENTS}, then {@code contents}. */
    private static CompletionStage<Boolean> sized(RedisClusterAsyncCommands<String, byte[]> redis,
            Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<Long>> sizeA,
            Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<Long>> sizeB,
            Supplier<CompletionStage<Boolean>> contents) {
        return sizeA.apply(redis).thenCombine(sizeB.apply(redis), (x, y) -> x.equals(y) && x <= MAX_ELEMENTS)
                .thenCompose(comparable -> comparable ? contents.get() : CompletableFuture.completedFuture(false));
    }

    private static <T> CompletionStage<Boolean> both(RedisClusterAsyncCommands<String, byte[]> redis,
            Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> first,
            Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> second,
            BiPredicate<T, T> same) {
        return first.apply(redis).thenCombine(second.apply(redis), same::test);
    }

    private static Map<String, ByteBuffer> hash(Map<String, byte[]> h) {
        Map<String, ByteBuffer> m = new HashMap<>();
        h.forEach((k, v) -> m.put(k, ByteBuffer.wrap(v)));
        return m;
    }

    private static Set<ByteBuffer> set(Set<byte[]> s) {
        Set<ByteBuffer> m = new HashSet<>();
        s.forEach(v -> m.add(ByteBuffer.wrap(v)));
        return m;
    }

    private static List<ByteBuffer> list(List<byte[]> l) {
        return l.stream().map(ByteBuffer::wrap).toList();
    }

    private static List<String> stream(List<StreamMessage<String, byte[]>> entries) {
        return entries.stream().map(e -> {
            Map<String, String> fields = new TreeMap<>();
            e.getBody().forEach((k, v) -> fields.put(k, HexFormat.of().formatHex(v)));
            return e.getId() + " " + fields;
        }).toList();
    }

    private static List<String> scored(List<ScoredValue<byte[]>> l) {
        return l.stream().map(v -> v.getScore() + " " + HexFormat.of().formatHex(v.getValue())).toList();
    }
}
