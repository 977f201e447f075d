package org.gridcast.server.notice;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.gridcast.protocol.Notice;

/** Decoding of the arrays the notice scripts return (integers as Long, bulk strings as byte[]). */
final class ScriptReplies {
    private ScriptReplies() {
    }

    static long number(List<Object> reply, int index) {
        return (Long) reply.get(index);
    }

    static Notice notice(List<Object> reply, int index) {
        return index < reply.size() ? parse((byte[]) reply.get(index)) : null;
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
