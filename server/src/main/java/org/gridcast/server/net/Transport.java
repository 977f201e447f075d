package org.gridcast.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.util.AttributeKey;

/**
 * How a connection carries frames. Every outgoing frame is encoded once as a TCP frame (4-byte
 * length + Envelope, see {@link Frames}); WebSocket sends the same bytes without the prefix.
 */
public enum Transport {
    TCP {
        @Override
        public Object wrap(ByteBuf frame) {
            return frame;
        }
    },
    WEBSOCKET {
        @Override
        public Object wrap(ByteBuf frame) {
            return new BinaryWebSocketFrame(frame.skipBytes(Frames.LENGTH_BYTES));
        }
    };

    public static final AttributeKey<Transport> KEY = AttributeKey.valueOf("gridcast.transport");

    /** Turns a length-prefixed frame into what this transport's pipeline writes; takes ownership. */
    public abstract Object wrap(ByteBuf frame);
}
