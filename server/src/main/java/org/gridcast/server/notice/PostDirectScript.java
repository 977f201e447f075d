package org.gridcast.server.notice;

import org.gridcast.server.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;

/**
 * {@code post_direct.lua}: the outbox entry, one inbox entry per recipient, the recipients hash,
 * and publishes to each recipient's nodes, atomically. The inbox keys lie in other hash slots
 * than the outbox, so on a Redis Cluster this script would be split: the outbox entry first,
 * then one append per recipient (each idempotent through a dedupe key derived from the outbox
 * seq). On the single Redis we run today one script keeps a retry from half-delivering.
 */
final class PostDirectScript {
    private final LuaScript script = LuaScript.named("post_direct");

    LuaScript script() {
        return script;
    }

    /**
     * @param outboxDraft the outbox entry with channel ({@code o:<sender>}) and posted_at, no seq
     * @param recipients distinct member ids, at most {@link NoticeLimits#MAX_RECIPIENTS}
     */
    CompletionStage<Posted> run(RedisClusterAsyncCommands<String, byte[]> redis, Notice outboxDraft,
                                List<String> recipients, String clientMsgId) {
        String outbox = outboxDraft.getChannel();
        Notice inboxTemplate = outboxDraft.toBuilder()
                .clearChannel().clearSeq().clearUnit()
                .setOriginChannel(outbox).clearOriginSeq()
                .build();
        String[] keys = new String[2 + 2 * recipients.size()];
        byte[][] args = new byte[4 + 2 * recipients.size()][];
        keys[0] = NoticeKeys.log(outbox);
        keys[1] = NoticeKeys.dedupe(outbox, clientMsgId);
        args[0] = outboxDraft.toByteArray();
        args[1] = inboxTemplate.toByteArray();
        args[2] = NoticeKeys.bytes(NoticeLimits.DEDUPE_TTL.toSeconds());
        args[3] = NoticeKeys.bytes(NoticeKeys.rcptPrefix(outbox));
        for (int k = 0; k < recipients.size(); k++) {
            String member = recipients.get(k);
            String inbox = Channels.inbox(member);
            keys[2 + 2 * k] = NoticeKeys.log(inbox);
            keys[3 + 2 * k] = NoticeKeys.presence(member);
            args[4 + 2 * k] = NoticeKeys.bytes(inbox);
            args[5 + 2 * k] = NoticeKeys.bytes(member);
        }
        return script.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, args)
                .thenApply(reply -> new Posted(outbox, ScriptReplies.number(reply, 0),
                        ScriptReplies.number(reply, 1) == 1, (int) ScriptReplies.number(reply, 2),
                        ScriptReplies.notice(reply, 3)));
    }
}
