package org.gridcast.server.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.function.Supplier;
import org.gridcast.server.net.Frames;
import org.gridcast.server.net.ServerTls;
import org.gridcast.server.net.SessionPipeline;

/**
 * The HTTP port's pipeline: small GET requests, and the WebSocket upgrade on /ws; with a
 * certificate, HTTPS and WSS (TLS in front of it all).
 */
public final class HttpInitializer extends ChannelInitializer<SocketChannel> {
    /** Our endpoints take no body; headers of a browser's upgrade request fit in this. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024;
    /** A plain HTTP connection (scraper, probe) idle this long is closed. */
    public static final int HTTP_IDLE_SECONDS = 60;
    /** Time allowed for the WebSocket handshake after the upgrade request. */
    public static final long HANDSHAKE_TIMEOUT_MS = 10_000;

    private final SessionPipeline sessions;
    private final Supplier<String> scrape;
    private final Readiness readiness;
    private final ServerTls tls;

    public HttpInitializer(SessionPipeline sessions, Supplier<String> scrape, Readiness readiness) {
        this(sessions, scrape, readiness, ServerTls.PLAINTEXT);
    }

    public HttpInitializer(SessionPipeline sessions, Supplier<String> scrape, Readiness readiness, ServerTls tls) {
        this.sessions = sessions;
        this.scrape = scrape;
        this.readiness = readiness;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(HttpRoutes.WS_PATH)
                .checkStartsWith(false)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(Frames.MAX_FRAME_BYTES)
                        .allowExtensions(false)
                        .build())
                .build();
        tls.install(ch);
        ch.pipeline()
                .addLast("http-idle", new ReadTimeoutHandler(HTTP_IDLE_SECONDS))
                .addLast("http", new HttpServerCodec())
                .addLast("http-aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast("routes", new HttpRoutes(scrape, readiness))
                .addLast("ws", new WebSocketServerProtocolHandler(ws))
                .addLast("ws-aggregate", new WebSocketFrameAggregator(Frames.MAX_FRAME_BYTES))
                .addLast("ws-sessions", new WebSocketSessions(sessions));
        ch.pipeline().addLast("http-exceptions", sessions.exceptions());
    }
}
