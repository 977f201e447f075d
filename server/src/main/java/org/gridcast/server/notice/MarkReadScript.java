package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisKeys;
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
        String[] keys = {RedisKeys.log(channel), RedisKeys.read(channel)};
        return script.run(redis, ScriptOutputType.INTEGER, keys, NoticeBytes.bytes(member), NoticeBytes.bytes(seq));
    }
}
