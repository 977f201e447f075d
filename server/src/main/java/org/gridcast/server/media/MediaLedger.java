package org.gridcast.server.media;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import org.gridcast.server.redis.RedisKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What Redis knows of photos (the bytes are on the node's disk, {@link MediaFiles}):
 * <ul>
 * <li>{@code media:{ID}} hash: {@code type}, {@code size}, {@code created} (ms);</li>
 * <li>{@code media:{ID}:by} set: members who uploaded these bytes (the same photo sent twice,
 *     or by two people, is stored once);</li>
 * <li>{@code media:{ID}:ev} set: events whose attachments list {@code /media/ID};</li>
 * <li>{@code media:rate:{MEMBER}} counter: uploads started in the current rate window.</li>
 * </ul>
 * IDs are checked by {@link MediaId}; member ids come from a verified token and the directory.
 */
public final class MediaLedger {
    /** Events one photo may be attached to; reading who may see it walks this set. */
    public static final int MAX_EVENTS_PER_PHOTO = 16;

    private final RedisClusterAsyncCommands<String, String> redis;

    public MediaLedger(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    static String metaKey(String id) {
        return RedisKeys.media(id);
    }

    static String uploadersKey(String id) {
        return RedisKeys.mediaUploaders(id);
    }

    static String eventsKey(String id) {
        return RedisKeys.mediaEvents(id);
    }

    static String rateKey(String member) {
        return RedisKeys.mediaRate(member);
    }

    /** What is known of a stored photo. */
    public record Meta(ImageType type, long size) {
    }

    public CompletionStage<Void> recordUpload(String id, String member, ImageType type, long size, long nowMs) {
        return redis.hset(metaKey(id), Map.of("type", type.name(), "size", Long.toString(size)))
                .thenCompose(n -> redis.hsetnx(metaKey(id), "created", Long.toString(nowMs)))
                .thenCompose(n -> redis.sadd(uploadersKey(id), member))
                .thenApply(n -> null);
    }

    public CompletionStage<Optional<Meta>> meta(String id) {
        return redis.hgetall(metaKey(id)).thenApply(h -> {
            if (h == null || !h.containsKey("type") || !h.containsKey("size")) {
                return Optional.empty();
            }
            return Optional.of(new Meta(ImageType.valueOf(h.get("type")), Long.parseLong(h.get("size"))));
        });
    }

    public CompletionStage<Boolean> uploadedBy(String member, String id) {
        return redis.sismember(uploadersKey(id), member);
    }

    /** The events listing this photo (at most {@link #MAX_EVENTS_PER_PHOTO}, see {@link #attachable}). */
    public CompletionStage<List<String>> events(String id) {
        return redis.smembers(eventsKey(id)).thenApply(ArrayList::new);
    }

    /**
     * True when {@code member} uploaded every photo and none is attached to
     * {@link #MAX_EVENTS_PER_PHOTO} events already.
     */
    public CompletionStage<Boolean> attachable(String member, List<String> ids) {
        CompletableFuture<Boolean> all = CompletableFuture.completedFuture(true);
        for (String id : ids) {
            CompletableFuture<Boolean> one = redis.sismember(uploadersKey(id), member)
                    .thenCombine(redis.scard(eventsKey(id)), (mine, events) -> mine && events < MAX_EVENTS_PER_PHOTO)
                    .toCompletableFuture();
            all = all.thenCombine(one, Boolean::logicalAnd);
        }
        return all;
    }

    public CompletionStage<Void> attach(String eventId, List<String> ids) {
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (String id : ids) {
            all = all.thenCombine(redis.sadd(eventsKey(id), eventId), (a, b) -> null);
        }
        return all;
    }

    /**
     * Counts an upload against the member's rate; true while within {@code limits.perMember()}.
     * The window starts with the first upload (SET NX with expiry, then INCR keeps the expiry),
     * so a crash between the two commands cannot leave a counter that never expires.
     */
    public CompletionStage<Boolean> takeRate(String member, MediaLimits limits) {
        String key = rateKey(member);
        return redis.set(key, "0", SetArgs.Builder.nx().px(limits.window().toMillis()))
                .thenCompose(ok -> redis.incr(key))
                .thenApply(n -> n <= limits.perMember());
    }
}
