package org.gridcast.server.upgrade;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Moves keys in a Redis Cluster, where an old name and its new one usually hash to different
 * slots: RENAME and COPY refuse that (CROSSSLOT), MIGRATE keeps the name. So each key is
 * serialized ({@code DUMP}), its time to live read ({@code PTTL}), written under the new name
 * ({@code RESTORE} without REPLACE, which fails with BUSYKEY rather than overwrite) and only then
 * deleted under the old one. A crash between RESTORE and DEL leaves the same value under both
 * names, which the next run recognises and finishes ({@link Collision}).
 */
public final class RestoreMover implements KeyMover {
    private final RedisClusterAsyncCommands<String, byte[]> redis;

    public RestoreMover(RedisClusterAsyncCommands<String, byte[]> redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<Outcome> move(String from, String to) {
        CompletableFuture<byte[]> dump = redis.dump(from).toCompletableFuture();
        CompletableFuture<Long> pttl = redis.pttl(from).toCompletableFuture();
        return dump.thenCombine(pttl, Snapshot::new).thenCompose(s -> {
            if (s.value() == null || s.pttl() == -2) {
                return CompletableFuture.completedFuture(Outcome.GONE);
            }
            long ttl = Math.max(s.pttl(), 0); // -1: no expiry, which RESTORE spells 0
            return redis.restore(to, ttl, s.value()).toCompletableFuture()
                    .<CompletionStage<Outcome>>handle((ok, failure) -> {
                        if (failure == null) {
                            return redis.del(from).toCompletableFuture().thenApply(n -> Outcome.MOVED);
                        }
                        if (busyKey(failure)) {
                            return Collision.settle(redis, from, to, false);
                        }
                        throw new CompletionException(failure);
                    })
                    .thenCompose(stage -> stage);
        });
    }

    @Override
    public CompletionStage<Outcome> check(String from, String to) {
        return Collision.check(redis, from, to);
    }

    private record Snapshot(byte[] value, long pttl) {
    }

    private static boolean busyKey(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof RedisCommandExecutionException && String.valueOf(t.getMessage()).startsWith("BUSYKEY");
    }
}
