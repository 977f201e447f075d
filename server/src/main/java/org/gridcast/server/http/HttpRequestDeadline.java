package org.gridcast.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An absolute time limit on each HTTP request: from the first byte that arrives on an idle
 * connection (or the end of the previous response, when more requests wait) until its response
 * has been written, at most {@code limitMillis}; else the connection is closed. An idle timeout
 * alone lets a peer trickle one byte a minute into a request, or leave a response unread, and
 * hold the connection and its buffers for days. Sits first in the pipeline so it sees raw bytes;
 * {@link HttpPipelineGate} tells it when a response is done.
 */
public final class HttpRequestDeadline extends ChannelDuplexHandler {
    static final String NAME = "http-deadline";

    private final long limitMillis;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;

    HttpRequestDeadline(long limitMillis) {
        this.limitMillis = limitMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (timer == null) {
            start();
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Gives the request now in progress {@code millis} from now instead: a photo upload streams
     * up to 10 MB from a phone, which the deadline for small requests would cut off.
     */
    public void allow(long millis) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            timer = null;
            ctx.close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** A response is complete; {@code more}: another request is already waiting for its turn. */
    void responded(boolean more) {
        cancel();
        if (more) {
            start();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void start() {
        timer = ctx.executor().schedule(() -> {
            timer = null;
            ctx.close();
        }, limitMillis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
