package org.gridcast.server.upgrade;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Moves keys on one Redis with {@code RENAMENX}: atomic (a crash leaves the key under exactly
 * one name), O(1) whatever the value's size, keeps the time to live, and refuses to overwrite a
 * key that already holds the new name.
 */
public final class RenameMover implements KeyMover {
    private final RedisClusterAsyncCommands<String, byte[]> redis;

    public RenameMover(RedisClusterAsyncCommands<String, byte[]> redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<Outcome> move(String from, String to) {
        return redis.renamenx(from, to).toCompletableFuture()
                .<CompletionStage<Outcome>>handle((renamed, failure) -> {
                    if (failure == null) {
                        return renamed ? CompletableFuture.completedFuture(Outcome.MOVED)
                                : Collision.settle(redis, from, to, false);
                    }
                    if (noSuchKey(failure)) {
                        return CompletableFuture.completedFuture(Outcome.GONE);
                    }
                    throw new CompletionException(failure);
                })
                .thenCompose(stage -> stage);
    }

    @Override
    public CompletionStage<Outcome> check(String from, String to) {
        return Collision.check(redis, from, to);
    }

    private static boolean noSuchKey(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof RedisCommandExecutionException && String.valueOf(t.getMessage()).startsWith("ERR no such key");
    }
}
