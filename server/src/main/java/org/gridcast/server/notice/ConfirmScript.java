package org.gridcast.server.notice;

import org.gridcast.server.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletionStage;
import org.gridcast.server.GridcastException;

/**
 * {@code confirm.lua}: tap-to-confirm, which also raises the read cursor. For an inbox copy of a
 * point-to-point post the member is also added to the outbox entry's confirm set, which is where
 * the sender's receipts look. (That set lies in another cluster slot; on a Redis Cluster the
 * second SADD would be its own command.)
 */
final class ConfirmScript {
    private final LuaScript script = LuaScript.named("confirm");

    LuaScript script() {
        return script;
    }

    /**
     * @param originChannel the outbox channel of an inbox entry, or null
     * @return whether the member confirmed for the first time; NOT_FOUND when seq is no entry
     */
    CompletionStage<Boolean> run(RedisClusterAsyncCommands<String, byte[]> redis, String member, String channel, long seq,
                                 String originChannel, long originSeq) {
        String[] keys = originChannel == null
                ? new String[] {NoticeKeys.log(channel), NoticeKeys.read(channel), NoticeKeys.confirm(channel, seq)}
                : new String[] {NoticeKeys.log(channel), NoticeKeys.read(channel), NoticeKeys.confirm(channel, seq),
                        NoticeKeys.confirm(originChannel, originSeq)};
        return script.<Long>run(redis, ScriptOutputType.INTEGER, keys, NoticeKeys.bytes(member), NoticeKeys.bytes(seq))
                .thenApply(added -> {
                    if (added < 0) {
                        throw GridcastException.notFound("no entry " + seq + " in " + channel);
                    }
                    return added == 1;
                });
    }
}
