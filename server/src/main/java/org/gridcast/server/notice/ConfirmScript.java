package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletionStage;
import org.gridcast.server.GridcastException;

/**
 * {@code confirm.lua}: tap-to-confirm, which also raises the read cursor, in the channel's slot.
 * For an inbox copy of a point-to-point post the member is then added to the outbox entry's
 * confirm set, where the sender's receipts look: a second step, because that set lies in the
 * sender's slot. Crash between the two: the member taps again (the app shows no ack), the
 * script answers "confirmed before" and the second step, an idempotent SADD, runs again.
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
        String[] keys = {RedisKeys.log(channel), RedisKeys.read(channel), RedisKeys.confirm(channel, seq)};
        return script.<Long>run(redis, ScriptOutputType.INTEGER, keys, NoticeBytes.bytes(member), NoticeBytes.bytes(seq))
                .thenCompose(added -> {
                    if (added < 0) {
                        throw GridcastException.notFound("no entry " + seq + " in " + channel);
                    }
                    if (originChannel == null) {
                        return java.util.concurrent.CompletableFuture.completedFuture(added == 1);
                    }
                    return redis.sadd(RedisKeys.confirm(originChannel, originSeq), NoticeBytes.bytes(member))
                            .thenApply(n -> added == 1);
                });
    }
}
