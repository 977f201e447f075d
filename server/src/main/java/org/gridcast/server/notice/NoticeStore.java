package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Receipts;
import org.gridcast.protocol.Reminded;
import org.gridcast.server.GridcastException;
import org.gridcast.server.fanout.NodeFanout;

/**
 * Channels in Redis (docs/ARCHITECTURE.md): posting, fetching, read and confirm cursors, unread
 * counts, receipts and reminders. Every write is one Lua script, so a retried or timed-out call
 * never leaves half an entry; every method is asynchronous and never blocks the caller's thread.
 *
 * <p>Scope and role checks are the caller's job; this class stores what it is given.
 */
public final class NoticeStore {
    /** Kind of a notice when the draft names none. */
    public static final String KIND_NOTICE = "notice";

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final RedisLink<String, byte[]> link;
    private final NodeFanout fanout;
    private final Clock clock;
    private final PostUnitScript postUnit = new PostUnitScript();
    private final AppendScript append = new AppendScript();
    private final PostDirectScript postDirect = new PostDirectScript(append);
    private final ChannelStateScript channelState = new ChannelStateScript();
    private final FetchPageScript fetchPage = new FetchPageScript();
    private final MarkReadScript markRead = new MarkReadScript();
    private final ConfirmScript confirm = new ConfirmScript();
    private final PublishMarks marks;
    private final ReceiptReader receipts;
    private final Reminders reminders;

    public NoticeStore(RedisLink<String, byte[]> redis, Clock clock) {
        this.link = redis;
        this.fanout = new NodeFanout(redis);
        this.redis = redis.async();
        this.clock = clock;
        this.marks = new PublishMarks(this.redis);
        this.receipts = new ReceiptReader(this.redis);
        this.reminders = new Reminders(this.redis, receipts, this::appendToInbox, clock);
    }

    /** SCRIPT LOAD of every notice script; optional (a call finding no script falls back to EVAL). */
    public CompletionStage<Void> loadScripts() {
        return CompletableFuture.allOf(
                List.of(postUnit.script(), postDirect.inboxScript().script(), append.script(), channelState.script(),
                                fetchPage.script(), markRead.script(), confirm.script()).stream()
                        .map(s -> s.load(redis).toCompletableFuture())
                        .toArray(CompletableFuture[]::new));
    }

    /**
     * Appends a notice to {@code u:<unitId>} and publishes it to the nodes in {@code route:<unitId>}.
     * A retry publishes the stored notice only if its first attempt never did ({@link PublishMarks}).
     */
    public CompletionStage<Posted> postToUnit(String unitId, Notice draft, String clientMsgId) {
        String channel = Channels.unit(unitId);
        Notice prepared = prepare(draft, channel).toBuilder().setUnit(unitId).build();
        return postUnit.run(link, unitId, prepared, clientMsgId)
                .thenCompose(r -> r.publish()
                        ? fanout.notice(r.nodes(), r.posted().stored())
                                .thenCompose(x -> marks.mark(channel, clientMsgId)).thenApply(x -> r.posted())
                        : CompletableFuture.completedFuture(r.posted()));
    }

    /**
     * A point-to-point post: the outbox entry in {@code o:<senderId>} (the returned channel/seq,
     * on which receipts are asked) and one inbox entry per recipient, in one script.
     */
    public CompletionStage<Posted> postDirect(String senderId, List<String> recipients, Notice draft, String clientMsgId) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(recipients));
        if (distinct.isEmpty()) {
            return CompletableFuture.failedFuture(GridcastException.badRequest("no recipients"));
        }
        if (distinct.size() > NoticeLimits.MAX_RECIPIENTS) {
            return CompletableFuture.failedFuture(GridcastException.limit(
                    distinct.size() + " recipients, at most " + NoticeLimits.MAX_RECIPIENTS));
        }
        Notice prepared = prepare(draft, Channels.outbox(senderId)).toBuilder().clearUnit().build();
        return postDirect.run(link, fanout, marks, prepared, distinct, clientMsgId);
    }

    /** Appends an entry to the member's inbox (reminders, event updates). */
    public CompletionStage<Posted> appendToInbox(String member, Notice draft, String dedupeId) {
        return append(Channels.inbox(member), draft, dedupeId);
    }

    /**
     * Appends an entry to any channel, deduplicated on {@code dedupeId}, and publishes it: for a
     * unit channel to {@code route:<unit>}, for an inbox to the owner's nodes, for a consultation
     * to the nodes of the members in its {@code ch:{c:..}:parties} set. A retry publishes the
     * stored entry only if its first attempt never did ({@link PublishMarks}).
     */
    public CompletionStage<Posted> append(String channel, Notice draft, String dedupeId) {
        if (Channels.isUnit(channel)) {
            return postToUnit(Channels.id(channel), draft, dedupeId);
        }
        return append.run(link, prepare(draft, channel), dedupeId).thenCompose(r -> r.publish()
                ? followers(channel)
                        .thenCompose(members -> fanout.toMembers(members, NodeFanout.noticeMessage(r.posted().stored())))
                        .thenCompose(x -> marks.mark(channel, dedupeId))
                        .thenApply(x -> r.posted())
                : CompletableFuture.completedFuture(r.posted()));
    }

    /** Who a non-unit channel's entries are pushed to: an inbox's owner, a consultation's parties. */
    private CompletionStage<Collection<String>> followers(String channel) {
        if (Channels.isInbox(channel)) {
            return CompletableFuture.completedFuture(List.of(Channels.id(channel)));
        }
        if (Channels.isConversation(channel)) {
            return redis.smembers(RedisKeys.parties(channel)).thenApply(parties -> parties.stream()
                    .map(p -> new String(p, java.nio.charset.StandardCharsets.UTF_8)).toList());
        }
        return CompletableFuture.completedFuture(List.of());
    }

    /**
     * Entries (afterSeq, afterSeq + limit] that exist, in order, cut short where the page would
     * pass {@link NoticeLimits#FETCH_PAGE_BYTES}; never empty while an entry after afterSeq exists.
     */
    public CompletionStage<List<Notice>> fetch(String channel, long afterSeq, int limit) {
        return fetch(channel, afterSeq, limit, NoticeLimits.FETCH_PAGE_BYTES);
    }

    /** Like {@link #fetch(String, long, int)} with another byte budget (tests). */
    CompletionStage<List<Notice>> fetch(String channel, long afterSeq, int limit, int budgetBytes) {
        int effective;
        try {
            effective = NoticeValidator.fetchLimit(limit);
        } catch (GridcastException e) {
            return CompletableFuture.failedFuture(e);
        }
        return fetchPage.run(redis, channel, afterSeq, effective, budgetBytes);
    }

    /** One entry, for permission checks before receipts and reminders. */
    public CompletionStage<Optional<Notice>> notice(String channel, long seq) {
        return redis.hget(RedisKeys.log(channel), Long.toString(seq))
                .thenApply(bytes -> Optional.ofNullable(ScriptReplies.parse(bytes)));
    }

    /**
     * Starts following each channel the member does not follow yet from its current head, so a
     * member who joins later does not inherit old notices. Completes with the states after that.
     */
    public CompletionStage<List<ChannelState>> follow(String member, List<String> channels) {
        return states(member, channels, ChannelStateScript.Mode.FOLLOW_FROM_HEAD);
    }

    /** Like {@link #follow} but from seq 0: members imported with the seed see every entry. */
    public CompletionStage<List<ChannelState>> followFromStart(String member, List<String> channels) {
        return states(member, channels, ChannelStateScript.Mode.FOLLOW_FROM_START);
    }

    /** Head, read, start and unread of each channel, in the order asked; nothing is written. */
    public CompletionStage<List<ChannelState>> states(String member, List<String> channels) {
        return states(member, channels, ChannelStateScript.Mode.PEEK);
    }

    /** Σ unread over the channels. */
    public CompletionStage<Long> unreadTotal(String member, List<String> channels) {
        return states(member, channels).thenApply(NoticeStore::unreadTotal);
    }

    public static long unreadTotal(List<ChannelState> states) {
        return states.stream().mapToLong(ChannelState::getUnread).sum();
    }

    /** Raises the member's read cursor to seq (clamped to the head); completes with the cursor. */
    public CompletionStage<Long> markRead(String member, String channel, long seq) {
        return markRead.run(redis, member, channel, seq);
    }

    /**
     * Tap-to-confirm entry seq: raises the read cursor to it and records the confirmation
     * (for an inbox copy of a point-to-point post also on the sender's outbox entry). Completes
     * with whether this was the first confirmation; fails with NOT_FOUND for a missing entry.
     */
    public CompletionStage<Boolean> confirm(String member, String channel, long seq) {
        if (!Channels.isInbox(channel)) {
            return confirm.run(redis, member, channel, seq, null, 0);
        }
        return notice(channel, seq).thenCompose(found -> {
            Notice n = found.orElseThrow(() -> GridcastException.notFound("no entry " + seq + " in " + channel));
            boolean hasOrigin = !n.getOriginChannel().isEmpty() && Channels.isOutbox(n.getOriginChannel());
            return confirm.run(redis, member, channel, seq,
                    hasOrigin ? n.getOriginChannel() : null, n.getOriginSeq());
        });
    }

    /**
     * Receipts of entry seq. For an outbox entry the audience is its recipients (the argument is
     * ignored); otherwise the caller passes every member of the unit's subtree, and members who
     * started following after the entry are left out.
     */
    public CompletionStage<Receipts> receipts(String channel, long seq, List<String> audience, ReceiptList list,
                                              String pageToken, int limit) {
        int effective;
        try {
            effective = NoticeValidator.receiptsLimit(limit);
        } catch (GridcastException e) {
            return CompletableFuture.failedFuture(e);
        }
        return receipts.audience(channel, seq, audience)
                .thenApply(all -> ReceiptTally.tally(all, list, pageToken, effective));
    }

    /**
     * Sends a reminder to each member of the audience (or, for an outbox entry, each recipient)
     * who has not read entry seq. Fails with RATE_LIMITED while the previous reminder of that
     * entry is cooling down, NOT_FOUND when there is no such entry.
     */
    public CompletionStage<Reminded> remindUnread(String channel, long seq, List<String> audience,
                                                  Notice reminderDraft, Duration cooldown) {
        return reminders.remindUnread(channel, seq, audience, reminderDraft, cooldown);
    }

    private CompletionStage<List<ChannelState>> states(String member, List<String> channels,
                                                       ChannelStateScript.Mode mode) {
        List<CompletableFuture<ChannelState>> calls = channels.stream()
                .map(c -> channelState.run(redis, member, c, mode).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> calls.stream().map(CompletableFuture::join).toList());
    }

    /** The draft as stored: channel and posted_at set, a kind, no seq (the script adds it). */
    private Notice prepare(Notice draft, String channel) {
        Notice.Builder b = draft.toBuilder().setChannel(channel).clearSeq();
        if (b.getPostedAtMs() == 0) {
            b.setPostedAtMs(clock.millis());
        }
        if (b.getKind().isEmpty()) {
            b.setKind(KIND_NOTICE);
        }
        return b.build();
    }
}
