package org.gridcast.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The plain HTTP endpoints: {@code /healthz} (the node can serve: its Redis answers),
 * {@code /readyz} (Redis answers and the node accepts clients), and {@code /metrics}
 * (Prometheus text) on the admin port only. On the public port {@code /ws} upgrade requests go
 * on to the WebSocket handshake; everything else is 404. A request the codec could not parse
 * (header too long, bad request line) is answered 400 and the connection closed.
 */
public final class HttpRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** The handler's name in the HTTP pipeline. */
    public static final String NAME = "routes";

    public static final String WS_PATH = "/ws";
    /** Prometheus text exposition format 0.0.4. */
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;
    private final Readiness health;
    private final Readiness readiness;
    private final boolean webSocket;

    /**
     * @param scrape    the metrics text; null where /metrics is not served (the public port)
     * @param webSocket whether /ws goes on to the WebSocket handshake (public port) or is 404
     */
    public HttpRoutes(Supplier<String> scrape, Readiness health, Readiness readiness, boolean webSocket) {
        super(false);
        this.scrape = scrape;
        this.health = health;
        this.readiness = readiness;
        this.webSocket = webSocket;
    }

    /** Whether this handler answers a (decoded) path: the rest of the public port is the H5 app. */
    public static boolean serves(String path) {
        return path.equals(WS_PATH) || path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            req.release();
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                    Unpooled.copiedBuffer("bad request\n", StandardCharsets.UTF_8));
            HttpUtil.setContentLength(res, res.content().readableBytes());
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (webSocket && path.equals(WS_PATH)) {
            ctx.fireChannelRead(req);
            return;
        }
        try {
            if (!HttpMethod.GET.equals(req.method())) {
                respond(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
                return;
            }
            switch (path) {
                case "/metrics" -> {
                    if (scrape != null) {
                        respond(ctx, req, HttpResponseStatus.OK, PROMETHEUS_TYPE, scrape.get());
                    } else {
                        respond(ctx, req, HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n");
                    }
                }
                case "/healthz" -> check(ctx, req.retain(), health, "ok\n", "redis unreachable\n");
                case "/readyz" -> check(ctx, req.retain(), readiness, "ready\n", "not ready\n");
                default -> respond(ctx, req, HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n");
            }
        } finally {
            req.release();
        }
    }

    private static void check(ChannelHandlerContext ctx, FullHttpRequest req, Readiness probe, String yes, String no) {
        probe.check().whenComplete((ok, failure) -> {
            try {
                boolean good = failure == null && Boolean.TRUE.equals(ok);
                respond(ctx, req, good ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "text/plain", good ? yes : no);
            } finally {
                req.release();
            }
        });
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status,
            String type, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        HttpUtil.setContentLength(res, res.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
