package org.gridcast.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Serves the H5 app from {@link WebAssets} on the public HTTP port: GET and HEAD only, strong
 * ETags with {@code If-None-Match} → 304, gzip when the client accepts it. Requests for paths
 * another handler owns (/ws, the probes, /media) and requests the codec could not parse go on
 * down the pipeline untouched. One response per request; {@code HttpPipelineGate} keeps it to
 * one in flight, so a slow reader holds at most one file's bytes (shared, not copied).
 */
public final class StaticFiles extends ChannelInboundHandlerAdapter {
    public static final String NAME = "web";

    private final WebAssets assets;
    private final Predicate<String> elsewhere;

    /** @param elsewhere true for a (decoded) path some later handler answers */
    public StaticFiles(WebAssets assets, Predicate<String> elsewhere) {
        this.assets = assets;
        this.elsewhere = elsewhere;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || req.decoderResult().isFailure() || passesOn(req.uri())) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            serve(ctx, req);
        } finally {
            req.release();
        }
    }

    private boolean passesOn(String uri) {
        try {
            return elsewhere.test(new QueryStringDecoder(uri).path());
        } catch (IllegalArgumentException e) {
            return false; // bad percent-encoding: ours to refuse
        }
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean head = HttpMethod.HEAD.equals(req.method());
        if (!head && !HttpMethod.GET.equals(req.method())) {
            FullHttpResponse res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET or HEAD only\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, req, res);
            return;
        }
        WebPaths.Resolved where = WebPaths.resolve(req.uri());
        Asset asset = where.found() ? assets.find(where.path()) : null;
        if (asset == null) {
            send(ctx, req, where.status() == 400
                    ? text(HttpResponseStatus.BAD_REQUEST, "bad request\n")
                    : text(HttpResponseStatus.NOT_FOUND, "not found\n"));
            return;
        }
        boolean gzip = asset.gzip() != null
                && AcceptEncoding.allowsGzip(req.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        byte[] body = gzip ? asset.gzip() : asset.bytes();
        boolean fresh = EntityTags.matches(req.headers().get(HttpHeaderNames.IF_NONE_MATCH), asset);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                fresh ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                fresh || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.ETAG, gzip ? asset.gzipEtag() : asset.etag());
        h.set(HttpHeaderNames.CACHE_CONTROL, asset.cacheControl());
        if (asset.gzip() != null) {
            h.set(HttpHeaderNames.VARY, "Accept-Encoding");
        }
        if (!fresh) {
            h.set(HttpHeaderNames.CONTENT_TYPE, asset.type());
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length); // for HEAD too: the GET's length
            if (gzip) {
                h.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
            }
        }
        send(ctx, req, res);
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(res, content.readableBytes());
        return res;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        if (HttpUtil.isKeepAlive(req)) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
