package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;
import org.gridcast.server.redis.LuaScript;

/**
 * {@code fetch_page.lua}: entries after a seq, at most {@code limit} of them and at most
 * {@link NoticeLimits#FETCH_PAGE_BYTES} of them, so a page always fits in one frame (see
 * {@link NoticeLimits#FETCH_PAGE_BYTES} for why) and Redis never hands over more than that.
 */
final class FetchPageScript {
    private final LuaScript script = LuaScript.named("fetch_page");

    LuaScript script() {
        return script;
    }

    CompletionStage<List<Notice>> run(RedisClusterAsyncCommands<String, byte[]> redis, String channel, long afterSeq,
            int limit, int budgetBytes) {
        String[] keys = {RedisKeys.log(channel)};
        return script.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, NoticeBytes.bytes(Math.max(0, afterSeq)),
                        NoticeBytes.bytes(limit), NoticeBytes.bytes(budgetBytes),
                        NoticeBytes.bytes(NoticeLimits.FETCH_ENTRY_OVERHEAD_BYTES))
                .thenApply(reply -> {
                    List<Notice> out = new ArrayList<>(reply.size() - 1);
                    for (int i = 1; i < reply.size(); i++) {
                        out.add(ScriptReplies.parse((byte[]) reply.get(i)));
                    }
                    return out;
                });
    }
}
