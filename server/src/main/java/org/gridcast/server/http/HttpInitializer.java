package org.gridcast.server.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.gridcast.server.media.Media;
import org.gridcast.server.media.MediaDownloads;
import org.gridcast.server.media.MediaUploads;
import org.gridcast.server.net.Frames;
import org.gridcast.server.net.ServerTls;
import org.gridcast.server.net.SessionPipeline;
import org.gridcast.server.net.WebSocketFrames;
import org.gridcast.server.web.SecurityHeaders;
import org.gridcast.server.web.StaticFiles;
import org.gridcast.server.web.WebAssets;

/**
 * The public HTTP port's pipeline: small GET requests (/healthz, /readyz), the H5 app's files
 * ({@link StaticFiles}, every other path), photos on /media ({@link MediaUploads},
 * {@link MediaDownloads}), and the WebSocket upgrade on /ws; with a certificate,
 * HTTPS and WSS (TLS in front of it all). Metrics are on the admin port ({@link AdminInitializer}).
 */
public final class HttpInitializer extends ChannelInitializer<SocketChannel> {
    /** Our endpoints take no body; headers of a browser's upgrade request fit in this. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024;
    /** A plain HTTP connection (scraper, probe) idle this long is closed. */
    public static final int HTTP_IDLE_SECONDS = 60;
    /** Time allowed for the WebSocket handshake after the upgrade request. */
    public static final long HANDSHAKE_TIMEOUT_MS = 10_000;
    /**
     * Time from a request's first byte to the end of its response ({@link HttpRequestDeadline});
     * our answers take milliseconds, a scrape on a loaded node well under a second.
     */
    public static final long REQUEST_TIMEOUT_MS = 10_000;
    /**
     * Pipelined requests that may wait behind the one in flight ({@link HttpPipelineGate});
     * browsers and Prometheus do not pipeline at all.
     */
    public static final int MAX_PIPELINED = 16;
    /** Longest request line; our paths are short. */
    public static final int MAX_INITIAL_LINE = 4096;
    /** Headers of a browser's WebSocket upgrade request with cookies fit in this. */
    public static final int MAX_HEADER_BYTES = 8192;
    /** The HTTP pipeline's exception tail; an upgraded WebSocket has the session pipeline's instead. */
    static final String EXCEPTIONS = "http-exceptions";

    /**
     * The handshake's, one for every connection (the handler only reads it). The frame decoder
     * Netty installs with the 101 response holds these limits until the handshake completes,
     * when {@link WebSocketSessions} puts {@link WebSocketFrames} (the same limits) in its place.
     */
    private static final WebSocketServerProtocolConfig WS = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(HttpRoutes.WS_PATH)
            .checkStartsWith(false)
            .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS)
            .decoderConfig(WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(Frames.MAX_FRAME_BYTES)
                    .allowExtensions(false)
                    // envelopes travel in binary messages only; a text message is refused
                    // (PROTOCOL_VIOLATION, WebSocketFrames) whatever its bytes, so checking
                    // its UTF-8 would only add a handler and a validator to every connection
                    .withUTF8Validator(false)
                    .build())
            .build();

    private final SessionPipeline sessions;
    private final Readiness health;
    private final Readiness readiness;
    private final HttpConnections connections;
    private final ServerTls tls;
    private final WebAssets web;
    private final Media media;

    /** Without the H5 app: only /healthz, /readyz and /ws. */
    public HttpInitializer(SessionPipeline sessions, Readiness health, Readiness readiness,
            HttpConnections connections) {
        this(sessions, health, readiness, connections, ServerTls.PLAINTEXT, null, null);
    }

    /**
     * @param web   the app's files, or null to answer 404 for every other path
     * @param media photo upload and download on /media, or null for none
     */
    public HttpInitializer(SessionPipeline sessions, Readiness health, Readiness readiness,
            HttpConnections connections, ServerTls tls, WebAssets web, Media media) {
        this.sessions = sessions;
        this.health = health;
        this.readiness = readiness;
        this.connections = connections;
        this.tls = tls;
        this.web = web;
        this.media = media;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        tls.install(ch);
        HttpRequestDeadline deadline = new HttpRequestDeadline(REQUEST_TIMEOUT_MS);
        ch.pipeline()
                .addLast(HttpConnections.NAME, connections)
                .addLast("http-idle", new ReadTimeoutHandler(HTTP_IDLE_SECONDS))
                .addLast(HttpRequestDeadline.NAME, deadline)
                .addLast("http", codec())
                .addLast(SecurityHeaders.NAME, SecurityHeaders.INSTANCE);
        if (media != null) {
            // before the aggregator: an upload's body streams to disk, never into a 16 KiB buffer
            ch.pipeline().addLast(MediaUploads.NAME, new MediaUploads(media));
        }
        ch.pipeline()
                .addLast("http-aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(HttpPipelineGate.NAME, new HttpPipelineGate(MAX_PIPELINED, deadline));
        if (media != null) {
            // after the gate, so the gate sees each chunk of a photo and its last one
            ch.pipeline().addLast(MediaDownloads.NAME, new MediaDownloads(media));
        }
        if (web != null) {
            ch.pipeline().addLast(StaticFiles.NAME, new StaticFiles(web, HttpRoutes::serves));
        }
        ch.pipeline()
                .addLast(HttpRoutes.NAME, new HttpRoutes(null, health, readiness, true))
                .addLast(WebSocketSessions.HANDSHAKE, new WebSocketServerProtocolHandler(WS))
                .addLast("ws-sessions", new WebSocketSessions(sessions));
        ch.pipeline().addLast(EXCEPTIONS, sessions.exceptions());
    }

    static HttpServerCodec codec() {
        return new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_REQUEST_BYTES);
    }
}
