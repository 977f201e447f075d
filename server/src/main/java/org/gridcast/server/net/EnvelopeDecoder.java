package org.gridcast.server.net;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.util.List;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;

/**
 * One frame's bytes (TCP frame, {@link FrameDecoder}, or binary WebSocket message,
 * {@link WebSocketFrames}) → Envelope. Bytes that are not an Envelope get PROTOCOL_VIOLATION and
 * a close: a peer that sends garbage is broken, and guessing what it meant helps nobody.
 */
@Sharable
public final class EnvelopeDecoder extends MessageToMessageDecoder<ByteBuf> {
    public static final EnvelopeDecoder INSTANCE = new EnvelopeDecoder();

    private EnvelopeDecoder() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) throws IOException {
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
