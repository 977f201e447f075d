package org.gridcast.server.upgrade;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An old key whose new name is taken. The same value under both names ({@link SameValue}): the
 * old one is the leftover of an interrupted move and goes. Different values: a conflict, which
 * only a person can settle (typically a node of this version started on the old data and wrote
 * a directory of its own), so neither key is touched.
 */
final class Collision {
    private Collision() {
    }

    static CompletionStage<Outcome> settle(RedisClusterAsyncCommands<String, byte[]> redis, String from, String to,
            boolean dryRun) {
        return redis.exists(from).<Outcome>thenCompose(n -> n == 0 ? CompletableFuture.completedFuture(Outcome.GONE)
                        : SameValue.of(redis, from, to).thenApply(same -> same ? Outcome.LEFTOVER_REMOVED : Outcome.CONFLICT))
                .thenCompose(outcome -> outcome == Outcome.LEFTOVER_REMOVED && !dryRun
                        ? redis.del(from).thenApply(n -> outcome) : CompletableFuture.completedFuture(outcome));
    }

    /** The dry run's answer for any mover: where the key would go, changing nothing. */
    static CompletionStage<Outcome> check(RedisClusterAsyncCommands<String, byte[]> redis, String from, String to) {
        CompletableFuture<Long> old = redis.exists(from).toCompletableFuture();
        CompletableFuture<Long> current = redis.exists(to).toCompletableFuture();
        return old.thenCombine(current, (a, b) -> a == 0 ? Outcome.GONE : b == 0 ? Outcome.MOVED : null)
                .thenCompose(outcome -> outcome != null ? CompletableFuture.completedFuture(outcome)
                        : settle(redis, from, to, true));
    }
}
