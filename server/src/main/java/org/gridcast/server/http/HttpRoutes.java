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
 * The plain HTTP endpoints: {@code /metrics} (Prometheus text), {@code /healthz} (the process
 * is up), {@code /readyz} (Redis reachable and accepting). {@code /ws} upgrade requests go on
 * to the WebSocket handshake; everything else is 404.
 */
public final class HttpRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {
    public static final String WS_PATH = "/ws";
    /** Prometheus text exposition format 0.0.4. */
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;
    private final Readiness readiness;

    public HttpRoutes(Supplier<String> scrape, Readiness readiness) {
        super(false);
        this.scrape = scrape;
        this.readiness = readiness;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).path();
        if (path.equals(WS_PATH)) {
            ctx.fireChannelRead(req);
            return;
        }
        try {
            if (!HttpMethod.GET.equals(req.method())) {
                respond(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
                return;
            }
            switch (path) {
                case "/metrics" -> respond(ctx, req, HttpResponseStatus.OK, PROMETHEUS_TYPE, scrape.get());
                case "/healthz" -> respond(ctx, req, HttpResponseStatus.OK, "text/plain", "ok\n");
                case "/readyz" -> ready(ctx, req.retain());
                default -> respond(ctx, req, HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n");
            }
        } finally {
            req.release();
        }
    }

    private void ready(ChannelHandlerContext ctx, FullHttpRequest req) {
        readiness.check().whenComplete((ok, failure) -> {
            try {
                boolean ready = failure == null && Boolean.TRUE.equals(ok);
                respond(ctx, req, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "text/plain", ready ? "ready\n" : "not ready\n");
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
