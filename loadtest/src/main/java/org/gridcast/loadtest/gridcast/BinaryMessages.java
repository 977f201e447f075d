package org.gridcast.loadtest.gridcast;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * One binary WebSocket message ↔ the bytes of one Envelope. The server sends nothing else on a
 * session; a text message means the peer is not a Gridcast server, and the connection is closed
 * (the run then counts what this resident missed as lost).
 */
@Sharable
final class BinaryMessages extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
    static final BinaryMessages INSTANCE = new BinaryMessages();

    private BinaryMessages() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf envelope, List<Object> out) {
        out.add(new BinaryWebSocketFrame(envelope.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame) {
            out.add(frame.content().retain());
        } else {
            ctx.close();
        }
    }
}
