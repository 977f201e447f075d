package org.gridcast.server.notice;

import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;
import org.gridcast.server.redis.LuaScript;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;

/**
 * {@code append.lua}: one entry in an inbox, outbox or consultation channel, deduplicated, in
 * the channel's slot. Only stores: who follows it and the publish are the caller's next step,
 * taken when {@link Routed#publish()} (a new entry, or a retry of one never published).
 */
final class AppendScript {
    private final LuaScript script = EntryLua.named("append");

    LuaScript script() {
        return script;
    }

    /** @param draft the entry with channel and posted_at set and no seq */
    CompletionStage<Routed> run(RedisLink<String, byte[]> redis, Notice draft, String dedupeId) {
        String channel = draft.getChannel();
        String[] keys = {RedisKeys.log(channel), RedisKeys.dedupe(channel, dedupeId),
                RedisKeys.published(channel, dedupeId)};
        return script.<List<Object>>runDurably(redis, ScriptOutputType.MULTI, keys,
                        draft.toByteArray(), NoticeBytes.bytes(NoticeLimits.DEDUPE_TTL.toSeconds()))
                .thenApply(reply -> new Routed(new Posted(channel, ScriptReplies.number(reply, 0),
                        ScriptReplies.duplicate(reply), 0, ScriptReplies.notice(reply, 2)),
                        ScriptReplies.mustPublish(reply), List.of()));
    }
}
