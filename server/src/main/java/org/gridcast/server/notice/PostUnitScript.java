package org.gridcast.server.notice;

import org.gridcast.server.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;

/**
 * {@code post_unit.lua}: dedupe, next seq, store, and publish to the nodes in
 * {@code route:<unit>}. One call per notice whatever the audience.
 */
final class PostUnitScript {
    private final LuaScript script = LuaScript.named("post_unit");

    LuaScript script() {
        return script;
    }

    /** @param draft the notice with channel, unit and posted_at set and no seq */
    CompletionStage<Posted> run(RedisClusterAsyncCommands<String, byte[]> redis, String unitId, Notice draft, String dedupeId) {
        String channel = draft.getChannel();
        String[] keys = {NoticeKeys.log(channel), NoticeKeys.dedupe(channel, dedupeId), NoticeKeys.route(unitId)};
        return script.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
                        draft.toByteArray(), NoticeKeys.bytes(NoticeLimits.DEDUPE_TTL.toSeconds()))
                .thenApply(reply -> new Posted(channel, ScriptReplies.number(reply, 0),
                        ScriptReplies.number(reply, 1) == 1, 0, ScriptReplies.notice(reply, 2)));
    }
}
