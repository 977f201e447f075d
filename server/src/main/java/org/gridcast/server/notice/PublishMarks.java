package org.gridcast.server.notice;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletionStage;
import org.gridcast.server.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marker {@link RedisKeys#published} that an entry's publish completed. A store script can
 * run after the server stopped waiting for it (Redis slow, Lettuce's command timeout passed): the
 * entry is stored, the poster is answered UNAVAILABLE, and nothing is published. The retry, with
 * the same id, finds the dedupe key and the marker absent, and publishes the stored entry then;
 * a retry that finds the marker publishes nothing, so a resident who got the push gets no second.
 *
 * <p>Written only after the publishes: a marker present means the push happened. Its TTL equals
 * the dedupe key's and it is written after it, so it never expires first. The marker is a hint,
 * not the record: were it lost (a failed SET, a failover before replication), a retry pushes the
 * entry again and devices drop the repeat by seq; a missing push costs a sync, never a notice.
 */
final class PublishMarks {
    private static final Logger log = LoggerFactory.getLogger(PublishMarks.class);
    private static final byte[] ONE = {'1'};
    private static final SetArgs TTL = SetArgs.Builder.ex(NoticeLimits.DEDUPE_TTL.toSeconds());

    private final RedisClusterAsyncCommands<String, byte[]> redis;

    PublishMarks(RedisClusterAsyncCommands<String, byte[]> redis) {
        this.redis = redis;
    }

    /**
     * Marks the entry stored in {@code channel} under {@code dedupeId} as published. Never
     * fails: the entry is already stored and pushed, so the post is acked whatever happens here.
     */
    CompletionStage<Void> mark(String channel, String dedupeId) {
        return redis.set(RedisKeys.published(channel, dedupeId), ONE, TTL).handle((ok, error) -> {
            if (error != null) {
                // the dedupe id is the client's: only the channel (directory-vouched) is logged
                log.warn("publish marker of an entry in {} not written ({}); a retry would push it again",
                        channel, error.toString());
            }
            return null;
        });
    }
}
