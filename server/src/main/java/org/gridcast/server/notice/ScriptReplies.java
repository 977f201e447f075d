package org.gridcast.server.notice;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.gridcast.protocol.Notice;

/** Decoding of the arrays the notice scripts return (integers as Long, bulk strings as byte[]). */
final class ScriptReplies {
    private ScriptReplies() {
    }

    /** State (reply field 1) of a store script: the entry was stored by this call. */
    static final long STORED = 0;
    /** State of a store script: a retry of an entry whose publish completed (marker present). */
    static final long PUBLISHED = 1;

    /** Whether a store script's reply is a retry of an earlier entry (post_unit, append, inbox_copy). */
    static boolean duplicate(List<Object> reply) {
        return number(reply, 1) != STORED;
    }

    /**
     * Whether the caller must publish the entry: a new one, or a retry of one whose publish
     * never completed (state 2 in entry_lib.lua's {@code retry_state}).
     */
    static boolean mustPublish(List<Object> reply) {
        return number(reply, 1) != PUBLISHED;
    }

    static long number(List<Object> reply, int index) {
        return (Long) reply.get(index);
    }

    static Notice notice(List<Object> reply, int index) {
        return index < reply.size() ? parse((byte[]) reply.get(index)) : null;
    }

    /** The node ids a store script lists from {@code index} to the end of its reply. */
    static java.util.List<String> nodes(List<Object> reply, int index) {
        java.util.List<String> nodes = new java.util.ArrayList<>(Math.max(0, reply.size() - index));
        for (int i = index; i < reply.size(); i++) {
            nodes.add(new String((byte[]) reply.get(i), java.nio.charset.StandardCharsets.UTF_8));
        }
        return nodes;
    }

    static Notice parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return Notice.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt notice in Redis", e);
        }
    }
}
