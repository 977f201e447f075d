package org.gridcast.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.gridcast.server.net.SessionPipeline;
import org.gridcast.server.net.Transport;

/**
 * Once the {@code /ws} handshake completes, the connection becomes a client connection like a
 * TCP one: the shared session handlers are appended and this handler steps aside.
 */
public final class WebSocketSessions extends ChannelInboundHandlerAdapter {
    private final SessionPipeline sessions;

    public WebSocketSessions(SessionPipeline sessions) {
        this.sessions = sessions;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ctx.pipeline().remove(this);
            // The session pipeline's heartbeat timeout takes over from the HTTP idle limit.
            ctx.pipeline().remove("http-idle");
            sessions.install(ctx.channel(), Transport.WEBSOCKET);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
