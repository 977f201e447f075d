package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ChannelState;

/**
 * {@code channel_state.lua}: head, read and start of one member in one channel, optionally
 * starting to follow it. One call per channel; callers issue them together (Lettuce pipelines
 * them on the shared connection) and each stays within one cluster slot.
 */
final class ChannelStateScript {
    /** How the call treats a member who does not follow the channel yet. */
    enum Mode {
        /** Read only; a missing start counts as 0. */
        PEEK("peek"),
        /** Follow from the current head: older entries are not the member's. */
        FOLLOW_FROM_HEAD("head"),
        /** Follow from the beginning: members imported with the seed see every entry. */
        FOLLOW_FROM_START("zero");

        private final byte[] arg;

        Mode(String arg) {
            this.arg = NoticeBytes.bytes(arg);
        }
    }

    private final LuaScript script = LuaScript.named("channel_state");

    LuaScript script() {
        return script;
    }

    CompletionStage<ChannelState> run(RedisClusterAsyncCommands<String, byte[]> redis, String member, String channel, Mode mode) {
        String[] keys = {RedisKeys.log(channel), RedisKeys.read(channel), RedisKeys.start(channel)};
        return script.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, NoticeBytes.bytes(member), mode.arg)
                .thenApply(reply -> state(channel, ScriptReplies.number(reply, 0),
                        ScriptReplies.number(reply, 1), ScriptReplies.number(reply, 2)));
    }

    static ChannelState state(String channel, long head, long read, long start) {
        long unread = Math.max(0, head - Math.max(read, start));
        return ChannelState.newBuilder()
                .setChannel(channel).setHead(head).setRead(read).setStart(start).setUnread(unread)
                .build();
    }
}
