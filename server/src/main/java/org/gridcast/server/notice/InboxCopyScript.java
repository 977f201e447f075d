package org.gridcast.server.notice;

import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;
import org.gridcast.server.redis.DurableWrites;
import org.gridcast.server.redis.LuaScript;
import org.gridcast.server.redis.RedisKeys;

/**
 * {@code inbox_copy.lua}: one recipient's step of a point-to-point post, in the recipient's
 * slot: the inbox copy of an outbox entry (stored once: its dedupe key is the origin) and the
 * nodes holding the recipient's sessions.
 */
final class InboxCopyScript {
    private final LuaScript script = EntryLua.named("inbox_copy");

    LuaScript script() {
        return script;
    }

    /**
     * The inbox copy, its seq, whether to push it (a new copy, or a retry of one never pushed:
     * {@link PublishMarks}), and where.
     */
    record Copy(String member, long seq, boolean duplicate, boolean push, Notice entry, List<String> nodes) {
    }

    /** The copy's dedupe id in the inbox: its origin, {@code o:<sender>#<seq>}. */
    static String dedupeId(String outbox, long originSeq) {
        return outbox + "#" + originSeq;
    }

    /**
     * Stores the copy; the caller then waits for replicas once for all of a post's copies
     * ({@link DurableWrites#awaitReplicas}) before it acks.
     *
     * @param template the inbox entry without channel, seq and origin_seq
     * @param outbox the origin channel {@code o:<sender>}; {@code originSeq} its entry
     */
    CompletionStage<Copy> run(DurableWrites writes, String member, Notice template, String outbox,
                              long originSeq) {
        String inbox = Channels.inbox(member);
        String id = dedupeId(outbox, originSeq);
        String[] keys = {RedisKeys.log(inbox), RedisKeys.dedupe(inbox, id), RedisKeys.presence(member),
                RedisKeys.published(inbox, id)};
        return writes.<List<Object>>run(script, ScriptOutputType.MULTI, keys, template.toByteArray(),
                        NoticeBytes.bytes(inbox), NoticeBytes.bytes(originSeq),
                        NoticeBytes.bytes(NoticeLimits.DEDUPE_TTL.toSeconds()))
                .thenApply(reply -> new Copy(member, ScriptReplies.number(reply, 0),
                        ScriptReplies.duplicate(reply), ScriptReplies.mustPublish(reply),
                        ScriptReplies.notice(reply, 2), ScriptReplies.nodes(reply, 3)));
    }
}
