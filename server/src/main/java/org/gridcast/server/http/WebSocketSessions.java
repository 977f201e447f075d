package org.gridcast.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.gridcast.server.media.MediaDownloads;
import org.gridcast.server.media.MediaUploads;
import org.gridcast.server.net.SessionPipeline;
import org.gridcast.server.net.Transport;
import org.gridcast.server.web.SecurityHeaders;
import org.gridcast.server.web.StaticFiles;

/**
 * Once the {@code /ws} handshake completes, the connection becomes a client connection like a
 * TCP one: the HTTP handlers leave, the shared session handlers are appended (with their own
 * exception tail) and this handler steps aside. What stays of the HTTP pipeline is the
 * WebSocket codec, its protocol handler (close, ping) and its message aggregator.
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
            ChannelPipeline p = ctx.pipeline();
            p.remove(this);
            // The session pipeline's heartbeat timeout and back-pressure take over from the HTTP
            // idle limit, the per-request deadline and the one-request-at-a-time gate.
            p.remove("http-idle");
            p.remove(HttpRequestDeadline.NAME);
            p.remove(HttpPipelineGate.NAME);
            // No HTTP request or response passes any more: the handlers of those go, so an idle
            // WebSocket does not hold them (a context each, and objects; BENCHMARKS.md)
            for (String http : new String[] {SecurityHeaders.NAME, MediaUploads.NAME, MediaDownloads.NAME,
                    StaticFiles.NAME, HttpRoutes.NAME, HttpInitializer.EXCEPTIONS}) {
                if (p.get(http) != null) {
                    p.remove(http);
                }
            }
            connections.remove(ctx.channel());
            sessions.install(ctx.channel(), Transport.WEBSOCKET);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
