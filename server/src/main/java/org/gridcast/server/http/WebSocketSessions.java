package org.gridcast.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import org.gridcast.server.media.MediaDownloads;
import org.gridcast.server.media.MediaUploads;
import org.gridcast.server.net.SessionPipeline;
import org.gridcast.server.net.Transport;
import org.gridcast.server.net.WebSocketFrames;
import org.gridcast.server.web.SecurityHeaders;
import org.gridcast.server.web.StaticFiles;

/**
 * Once the {@code /ws} handshake completes, the connection becomes a client connection like a
 * TCP one: the HTTP handlers leave, and so does Netty's WebSocket machinery (its handshake
 * handler, frame decoder and encoder, and the handshaker it keeps in a channel attribute);
 * {@link WebSocketFrames} carries the frames from then on, the shared session handlers are
 * appended (with their own exception tail) and this handler steps aside. Netty's handlers do
 * the handshake itself (the accept key, version and path checks, the handshake timeout).
 */
public final class WebSocketSessions extends ChannelInboundHandlerAdapter {
    /** Name of Netty's handler that answers the upgrade request. */
    static final String HANDSHAKE = "ws";
    /** Where Netty's protocol handler keeps the handshaker; only closing frames would read it, and that is ours now. */
    private static final AttributeKey<WebSocketServerHandshaker> HANDSHAKER =
            AttributeKey.valueOf(WebSocketServerHandshaker.class, "HANDSHAKER");

    private final SessionPipeline sessions;

    public WebSocketSessions(SessionPipeline sessions) {
        this.sessions = sessions;
    }

    @Override
    @SuppressWarnings("deprecation") // removal races only with another setter of the key; Netty set it once, before this event
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            Channel ch = ctx.channel();
            ChannelPipeline p = ctx.pipeline();
            p.remove(this);
            // The session pipeline's heartbeat timeout and back-pressure take over from the HTTP
            // idle limit, the per-request deadline and the one-request-at-a-time gate.
            p.remove("http-idle");
            p.remove(HttpRequestDeadline.NAME);
            p.remove(HttpPipelineGate.NAME);
            // No HTTP request or response passes any more: the handlers of those go, so an idle
            // WebSocket does not hold them (a context each, and objects; BENCHMARKS.md); the
            // connection leaves the HTTP connections with its handler
            for (String http : new String[] {SecurityHeaders.NAME, MediaUploads.NAME, MediaDownloads.NAME,
                    StaticFiles.NAME, HttpRoutes.NAME, HttpInitializer.EXCEPTIONS, HttpConnections.NAME, HANDSHAKE}) {
                if (p.get(http) != null) {
                    p.remove(http);
                }
            }
            ch.attr(HANDSHAKER).getAndRemove();
            p.remove(WebSocketFrameEncoder.class);
            sessions.install(ch, Transport.WEBSOCKET);
            // last, so that bytes Netty's decoder may hold reach ours (a replaced decoder hands
            // them to its successor) with the session handlers already behind it
            p.replace(WebSocketFrameDecoder.class, WebSocketFrames.NAME, new WebSocketFrames());
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
