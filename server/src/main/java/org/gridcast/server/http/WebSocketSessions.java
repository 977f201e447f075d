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
    private final HttpConnections connections;

    public WebSocketSessions(SessionPipeline sessions, HttpConnections connections) {
        this.sessions = sessions;
        this.connections = connections;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ctx.pipeline().remove(this);
            // The session pipeline's heartbeat timeout and back-pressure take over from the HTTP
            // idle limit, the per-request deadline and the one-request-at-a-time gate.
            ctx.pipeline().remove("http-idle");
            ctx.pipeline().remove(HttpRequestDeadline.NAME);
            ctx.pipeline().remove(HttpPipelineGate.NAME);
            connections.remove(ctx.channel());
            sessions.install(ctx.channel(), Transport.WEBSOCKET);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
