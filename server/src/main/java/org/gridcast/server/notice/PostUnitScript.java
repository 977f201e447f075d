package org.gridcast.server.notice;

import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;
import org.gridcast.server.fanout.Routes;
import org.gridcast.server.redis.LuaScript;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;

/**
 * {@code post_unit.lua}: dedupe, next seq, store, and the nodes in the unit's route
 * ({@link Routes}); all in the unit channel's slot. One call per notice whatever the audience;
 * the caller publishes ({@code NodeFanout}) when {@link Routed#publish()}, also on a retry whose
 * first attempt stored the notice but never published it ({@link PublishMarks}).
 */
final class PostUnitScript {
    private final LuaScript script = EntryLua.named("post_unit");

    LuaScript script() {
        return script;
    }

    /** @param draft the notice with channel, unit and posted_at set and no seq */
    CompletionStage<Routed> run(RedisLink<String, byte[]> redis, String unitId, Notice draft, String dedupeId) {
        String channel = draft.getChannel();
        String[] keys = {RedisKeys.log(channel), RedisKeys.dedupe(channel, dedupeId), Routes.key(unitId),
                RedisKeys.published(channel, dedupeId)};
        return script.<List<Object>>runDurably(redis, ScriptOutputType.MULTI, keys,
                        draft.toByteArray(), NoticeBytes.bytes(NoticeLimits.DEDUPE_TTL.toSeconds()))
                .thenApply(reply -> new Routed(new Posted(channel, ScriptReplies.number(reply, 0),
                        ScriptReplies.duplicate(reply), 0, ScriptReplies.notice(reply, 2)),
                        ScriptReplies.mustPublish(reply), ScriptReplies.nodes(reply, 3)));
    }
}
