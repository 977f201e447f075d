package org.gridcast.loadtest.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * The raw target's wire: a 4-byte length, a type byte, a body. Small on purpose: the raw
 * target measures moving bytes, not parsing them.
 */
public final class RawFrames {
    /** Subscriber → server: int count, then count topic ids. */
    public static final byte SUB = 1;
    /** Server → subscriber: subscription done. */
    public static final byte SUB_OK = 2;
    /** Publisher → server: int topic, then the payload. */
    public static final byte PUB = 3;
    /** Server → subscriber: the payload of one notice. */
    public static final byte MSG = 4;

    /** Frames are small; anything larger is a bug, not a notice. */
    public static final int MAX_FRAME = 1 << 20;

    private RawFrames() {
    }

    public static LengthFieldBasedFrameDecoder decoder() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4);
    }

    public static ByteBuf sub(ByteBufAllocator alloc, int[] topics) {
        ByteBuf b = alloc.buffer(9 + 4 * topics.length);
        b.writeInt(5 + 4 * topics.length).writeByte(SUB).writeInt(topics.length);
        for (int t : topics) {
            b.writeInt(t);
        }
        return b;
    }

    public static ByteBuf subOk(ByteBufAllocator alloc) {
        return alloc.buffer(5).writeInt(1).writeByte(SUB_OK);
    }

    /** A MSG frame around {@code payload} (not consumed). */
    public static ByteBuf msg(ByteBufAllocator alloc, ByteBuf payload) {
        int n = payload.readableBytes();
        ByteBuf b = alloc.directBuffer(5 + n);
        return b.writeInt(1 + n).writeByte(MSG).writeBytes(payload, payload.readerIndex(), n);
    }
}
