package org.gridcast.server.notice;

import org.gridcast.server.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletionStage;

/** {@code mark_read.lua}: raise-only read cursor, clamped to the head. */
final class MarkReadScript {
    private final LuaScript script = LuaScript.named("mark_read");

    LuaScript script() {
        return script;
    }

    /** Completes with the member's cursor after the call. */
    CompletionStage<Long> run(RedisClusterAsyncCommands<String, byte[]> redis, String member, String channel, long seq) {
        String[] keys = {NoticeKeys.log(channel), NoticeKeys.read(channel)};
        return script.run(redis, ScriptOutputType.INTEGER, keys, NoticeKeys.bytes(member), NoticeKeys.bytes(seq));
    }
}
