package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.Reminded;
import org.gridcast.server.GridcastException;

/**
 * "Remind the unread": a point-to-point reminder (kind {@code reminder}, origin = the notice) in
 * the inbox of every member who has not read the notice yet. Rate-limited per notice with a
 * {@code SET NX EX} key, so a staff member tapping twice does not buzz a whole village twice.
 * Reminders go out {@link NoticeLimits#REDIS_CHUNK} appends at a time.
 */
final class Reminders {
    static final String KIND = "reminder";

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final ReceiptReader receipts;
    private final NoticeAppender appender;
    private final Clock clock;

    /** Appends one entry to a member's inbox; the store's {@code appendToInbox}. */
    interface NoticeAppender {
        CompletionStage<Posted> appendToInbox(String member, Notice draft, String dedupeId);
    }

    Reminders(RedisClusterAsyncCommands<String, byte[]> redis, ReceiptReader receipts, NoticeAppender appender, Clock clock) {
        this.redis = redis;
        this.receipts = receipts;
        this.appender = appender;
        this.clock = clock;
    }

    CompletionStage<Reminded> remindUnread(String channel, long seq, List<String> audience, Notice reminderDraft,
                                           Duration cooldown) {
        long cooldownSeconds = Math.max(1, cooldown.toSeconds());
        return redis.hexists(RedisKeys.log(channel), Long.toString(seq))
                .thenCompose(exists -> {
                    if (!exists) {
                        throw GridcastException.notFound("no entry " + seq + " in " + channel);
                    }
                    return redis.set(RedisKeys.remind(channel, seq), NoticeBytes.bytes(clock.millis()),
                            SetArgs.Builder.nx().ex(cooldownSeconds));
                })
                .thenCompose(ok -> {
                    if (ok == null) {
                        throw new GridcastException(ErrorCode.RATE_LIMITED,
                                "a reminder for " + channel + " " + seq + " was sent recently");
                    }
                    return receipts.audience(channel, seq, audience);
                })
                .thenCompose(all -> {
                    List<String> unread = new ArrayList<>();
                    all.stream().filter(r -> !r.read()).map(MemberReceipt::member)
                            .sorted(Comparator.naturalOrder()).forEach(unread::add);
                    Notice draft = reminderDraft.toBuilder()
                            .setKind(KIND).setOriginChannel(channel).setOriginSeq(seq).build();
                    // one id per reminder round: the cooldown already stops a repeated call
                    String dedupeId = "remind:" + channel + ":" + seq + ":" + UUID.randomUUID();
                    return send(unread, draft, dedupeId, 0).thenApply(sent -> Reminded.newBuilder()
                            .setReminded(unread.size())
                            .setChannel(unread.isEmpty() ? "" : Channels.inbox(unread.get(0)))
                            .build());
                });
    }

    private CompletionStage<Void> send(List<String> members, Notice draft, String dedupeId, int from) {
        if (from >= members.size()) {
            return CompletableFuture.completedFuture(null);
        }
        int to = Math.min(members.size(), from + NoticeLimits.REDIS_CHUNK);
        CompletableFuture<?>[] chunk = members.subList(from, to).stream()
                .map(m -> appender.appendToInbox(m, draft, dedupeId).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(chunk).thenCompose(done -> send(members, draft, dedupeId, to));
    }
}
