package org.gridcast.server.notice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;
import org.gridcast.server.fanout.NodeFanout;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;

/**
 * A point-to-point post, in per-slot steps because the sender's outbox and each recipient's
 * inbox live in different Redis Cluster slots. In this order:
 * <ol>
 *   <li>the outbox entry ({@code append.lua} in {@code {o:S}}), deduplicated on the client's
 *       id: its seq names the post in every later step;
 *   <li>one inbox copy per recipient ({@code inbox_copy.lua} in {@code {i:M}}), deduplicated on
 *       {@code o:S#seq}, returning the recipient's nodes;
 *   <li>the recipients hash {@code ch:{o:S}:rcpt:<seq>} (one HSET), which receipts read;
 *   <li>the publish of each copy to its nodes.
 * </ol>
 * The sender is acked only after step 3. A crash between steps leaves no ack, so the client
 * retries with the same id: step 1 answers the first seq (duplicate) and the steps after it run
 * again, each idempotent, so the retry completes the post without a second outbox entry or a
 * second inbox copy. Until then a recipient may already see its copy while the receipts do not
 * count it yet; nothing is ever half-stored within one step. A copy stored before the crash is
 * not pushed again by the retry (a retry never pushes twice); if the crash came before its push,
 * the recipient's devices fetch it at their next push or login.
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
    CompletionStage<Posted> run(RedisLink<String, byte[]> redis, NodeFanout fanout, Notice outboxDraft,
                                List<String> recipients, String clientMsgId) {
        String box = outboxDraft.getChannel();
        Notice template = outboxDraft.toBuilder()
                .clearChannel().clearSeq().clearUnit()
                .setOriginChannel(box).clearOriginSeq()
                .build();
        return outbox.run(redis, outboxDraft, clientMsgId).thenCompose(posted -> {
            List<CompletableFuture<InboxCopyScript.Copy>> copies = recipients.stream()
                    .map(m -> inbox.run(redis, m, template, box, posted.seq()).toCompletableFuture()).toList();
            return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new)).thenCompose(x -> {
                Map<String, byte[]> rcpt = new LinkedHashMap<>();
                for (CompletableFuture<InboxCopyScript.Copy> c : copies) {
                    InboxCopyScript.Copy copy = c.join();
                    rcpt.put(copy.member(), NoticeBytes.bytes(Channels.inbox(copy.member()) + " " + copy.seq()));
                }
                String rcptKey = RedisKeys.rcpt(box, posted.seq());
                // HLEN: a retry naming fewer recipients still answers the post's full count
                return redis.async().hset(rcptKey, rcpt).thenCompose(n -> redis.async().hlen(rcptKey)).thenCompose(count -> {
                    CompletableFuture<?>[] sent = copies.stream().filter(c -> !c.join().duplicate())
                            .map(c -> fanout.notice(c.join().nodes(), c.join().entry()).toCompletableFuture())
                            .toArray(CompletableFuture[]::new);
                    return CompletableFuture.allOf(sent).thenApply(y -> new Posted(box, posted.seq(),
                            posted.duplicate(), count.intValue(), posted.stored()));
                });
            });
        });
    }
}
