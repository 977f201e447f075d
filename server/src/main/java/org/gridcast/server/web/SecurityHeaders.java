package org.gridcast.server.web;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Adds the H5 app's Content-Security-Policy and the other browser hardening headers to every
 * response on the public HTTP port, whichever handler wrote it: a 404 page or a health answer
 * opened in a browser gets the same policy as index.html. The policy allows only our own
 * scripts, styles and connections, no inline code and no framing (docs/WEB.md).
 */
@Sharable
public final class SecurityHeaders extends ChannelOutboundHandlerAdapter {
    public static final String NAME = "web-headers";
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob: data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    public static final SecurityHeaders INSTANCE = new SecurityHeaders();

    private SecurityHeaders() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse res) {
            res.headers()
                    .set("Content-Security-Policy", CSP)
                    .set("X-Content-Type-Options", "nosniff")
                    .set("Referrer-Policy", "no-referrer");
        }
        ctx.write(msg, promise);
    }
}
