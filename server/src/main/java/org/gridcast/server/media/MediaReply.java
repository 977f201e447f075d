package org.gridcast.server.media;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The JSON answers of {@code /media}: {@code {"id":..,"url":..}} on success, and
 * {@code {"error":"CODE","message":".."}} otherwise. Codes and messages are this package's own
 * constants and ids (hex), never text a client sent, so they need no more escaping than quotes.
 */
enum MediaReply {
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST),
    UNAUTHENTICATED(HttpResponseStatus.UNAUTHORIZED),
    REVOKED(HttpResponseStatus.UNAUTHORIZED),
    FORBIDDEN(HttpResponseStatus.FORBIDDEN),
    NOT_FOUND(HttpResponseStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpResponseStatus.METHOD_NOT_ALLOWED),
    TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
    UNSUPPORTED_TYPE(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE),
    RATE_LIMITED(HttpResponseStatus.TOO_MANY_REQUESTS),
    BUSY(HttpResponseStatus.TOO_MANY_REQUESTS),
    DISK_FULL(HttpResponseStatus.INSUFFICIENT_STORAGE),
    INTERNAL(HttpResponseStatus.INTERNAL_SERVER_ERROR);

    private final HttpResponseStatus status;

    MediaReply(HttpResponseStatus status) {
        this.status = status;
    }

    HttpResponseStatus status() {
        return status;
    }

    FullHttpResponse response(String message) {
        return json(status, "{\"error\":\"" + name() + "\",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }

    static FullHttpResponse created(String id) {
        return json(HttpResponseStatus.CREATED, "{\"id\":\"" + id + "\",\"url\":\"" + MediaId.url(id) + "\"}");
    }

    private static FullHttpResponse json(HttpResponseStatus status, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setContentLength(res, res.content().readableBytes());
        return res;
    }
}
