package org.gridcast.server.notice;

import org.gridcast.server.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;

/**
 * {@code append.lua}: one entry in an inbox, outbox or consultation channel, published once to
 * each node holding a session of the inbox owner or of a consultation party.
 */
final class AppendScript {
    private final LuaScript script = LuaScript.named("append");

    LuaScript script() {
        return script;
    }

    /** @param draft the entry with channel and posted_at set and no seq */
    CompletionStage<Posted> run(RedisClusterAsyncCommands<String, byte[]> redis, Notice draft, String dedupeId) {
        String channel = draft.getChannel();
        String[] keys = Channels.isInbox(channel)
                ? new String[] {NoticeKeys.log(channel), NoticeKeys.dedupe(channel, dedupeId),
                        NoticeKeys.parties(channel), NoticeKeys.presence(Channels.id(channel))}
                : new String[] {NoticeKeys.log(channel), NoticeKeys.dedupe(channel, dedupeId),
                        NoticeKeys.parties(channel)};
        return script.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
                        draft.toByteArray(), NoticeKeys.bytes(NoticeLimits.DEDUPE_TTL.toSeconds()),
                        NoticeKeys.bytes(NoticeKeys.PRESENCE_PREFIX))
                .thenApply(reply -> new Posted(channel, ScriptReplies.number(reply, 0),
                        ScriptReplies.number(reply, 1) == 1, 0, ScriptReplies.notice(reply, 2)));
    }
}
