package org.gridcast.server.net;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.util.List;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;

/**
 * One frame's bytes (TCP frame or binary WebSocket message) → Envelope. Bytes that are not an
 * Envelope, and text WebSocket messages, get PROTOCOL_VIOLATION and a close: a peer that sends
 * garbage is broken, and guessing what it meant helps nobody.
 */
@Sharable
public final class EnvelopeDecoder extends MessageToMessageDecoder<Object> {
    public static final EnvelopeDecoder INSTANCE = new EnvelopeDecoder();

    private EnvelopeDecoder() {
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof ByteBuf || msg instanceof WebSocketFrame;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws IOException {
        ByteBuf bytes;
        if (msg instanceof BinaryWebSocketFrame frame) {
            bytes = frame.content();
        } else if (msg instanceof WebSocketFrame) {
            violation(ctx, "only binary WebSocket messages carry envelopes");
            return;
        } else {
            bytes = (ByteBuf) msg;
        }
        try {
            out.add(Envelope.parseFrom(new ByteBufInputStream(bytes)));
        } catch (InvalidProtocolBufferException e) {
            violation(ctx, "frame is not an Envelope");
        }
    }

    private static void violation(ChannelHandlerContext ctx, String message) {
        Replies.errorAndClose(ctx.channel(), 0, ErrorCode.PROTOCOL_VIOLATION, message);
    }
}
