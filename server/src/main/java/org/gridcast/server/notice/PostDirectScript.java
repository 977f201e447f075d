package org.gridcast.server.notice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;
import org.gridcast.server.fanout.NodeFanout;
import org.gridcast.server.redis.DurableWrites;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;

/**
 * A point-to-point post, in per-slot steps because the sender's outbox and each recipient's
 * inbox live in different Redis Cluster slots. In this order:
 * <ol>
 *   <li>the outbox entry ({@code append.lua} in {@code {o:S}}), deduplicated on the client's
 *       id: its seq names the post in every later step;
 *   <li>one inbox copy per recipient ({@code inbox_copy.lua} in {@code {i:M}}), deduplicated on
 *       {@code o:S#seq}, returning the recipient's nodes; in a cluster, once every copy is
 *       stored, one {@code WAIT} per master the copies landed on ({@link DurableWrites}), not
 *       one per recipient;
 *   <li>the recipients hash {@code ch:{o:S}:rcpt:<seq>} (one HSET), which receipts read;
 *   <li>the publish of each copy to its nodes.
 * </ol>
 * The outbox entry waits for its replicas on its own, before any copy names its seq: were it
 * lost in a failover, its seq could go to another post whose copies the dedupe keys would then
 * mistake for this one's. The sender is acked only after step 3. A crash between steps, or a
 * WAIT that too few replicas answered, leaves no ack, so the client retries with the same id:
 * step 1 answers the first seq (duplicate) and the steps after it run again, each idempotent,
 * so the retry completes the post without a second outbox entry or a second inbox copy. Until then a recipient may already see its copy while the receipts do not
 * count it yet; nothing is ever half-stored within one step. A copy pushed before the crash is
 * not pushed again by the retry (its marker {@code ch:{i:M}:published:o:S#seq} says so,
 * {@link PublishMarks}); a copy stored but never pushed (the crash, or a copy script that ran after
 * the server stopped waiting for it) is pushed by the retry.
 */
final class PostDirectScript {
    private final AppendScript outbox;
    private final InboxCopyScript inbox = new InboxCopyScript();

    PostDirectScript(AppendScript outbox) {
        this.outbox = outbox;
    }

    InboxCopyScript inboxScript() {
        return inbox;
    }

    /**
     * @param outboxDraft the outbox entry with channel ({@code o:<sender>}) and posted_at, no seq
     * @param recipients distinct member ids, at most {@link NoticeLimits#MAX_RECIPIENTS}
     */
    CompletionStage<Posted> run(RedisLink<String, byte[]> redis, NodeFanout fanout, PublishMarks marks,
                                Notice outboxDraft, List<String> recipients, String clientMsgId) {
        String box = outboxDraft.getChannel();
        Notice template = outboxDraft.toBuilder()
                .clearChannel().clearSeq().clearUnit()
                .setOriginChannel(box).clearOriginSeq()
                .build();
        // the outbox entry is pushed to nobody: its Routed.publish() is not looked at
        return outbox.run(redis, outboxDraft, clientMsgId).thenApply(Routed::posted).thenCompose(posted ->
                storeCopies(redis, recipients, template, box, posted.seq()).thenCompose(copies ->
                        recordRecipients(redis, box, posted.seq(), copies).thenCompose(count ->
                                push(fanout, marks, box, posted.seq(), copies).thenApply(pushed -> new Posted(box,
                                        posted.seq(), posted.duplicate(), count.intValue(), posted.stored())))));
    }

    /** Step 2: every copy stored, then one WAIT per master they landed on. */
    private CompletionStage<List<InboxCopyScript.Copy>> storeCopies(RedisLink<String, byte[]> redis,
            List<String> recipients, Notice template, String box, long seq) {
        DurableWrites writes = new DurableWrites(redis);
        List<CompletableFuture<InboxCopyScript.Copy>> copies = recipients.stream()
                .map(m -> inbox.run(writes, m, template, box, seq).toCompletableFuture()).toList();
        return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new))
                .thenCompose(stored -> writes.awaitReplicas())
                .thenApply(durable -> copies.stream().map(CompletableFuture::join).toList());
    }

    /** Step 3: recipient → inbox channel and seq; answers the post's recipient count. */
    private static CompletionStage<Long> recordRecipients(RedisLink<String, byte[]> redis, String box, long seq,
            List<InboxCopyScript.Copy> copies) {
        Map<String, byte[]> rcpt = new LinkedHashMap<>();
        for (InboxCopyScript.Copy copy : copies) {
            rcpt.put(copy.member(), NoticeBytes.bytes(Channels.inbox(copy.member()) + " " + copy.seq()));
        }
        String rcptKey = RedisKeys.rcpt(box, seq);
        // HLEN: a retry naming fewer recipients still answers the post's full count
        return redis.async().hset(rcptKey, rcpt).thenCompose(n -> redis.async().hlen(rcptKey));
    }

    /**
     * Step 4: each copy not pushed yet (stored by this attempt, or by one that never pushed it) to
     * its recipient's nodes, then its marker; a copy already pushed is not pushed again.
     */
    private static CompletionStage<Void> push(NodeFanout fanout, PublishMarks marks, String box, long seq,
                                              List<InboxCopyScript.Copy> copies) {
        String id = InboxCopyScript.dedupeId(box, seq);
        CompletableFuture<?>[] sent = copies.stream().filter(InboxCopyScript.Copy::push)
                .map(c -> fanout.notice(c.nodes(), c.entry())
                        .thenCompose(x -> marks.mark(Channels.inbox(c.member()), id)).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sent);
    }
}
