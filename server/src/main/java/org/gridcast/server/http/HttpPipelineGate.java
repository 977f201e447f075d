package org.gridcast.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * One HTTP request in flight per connection. HTTP/1.1 lets a client pipeline requests without
 * reading the answers; answering each at once queued every response in the node's memory (a
 * peer that sent 23 KB of {@code GET /metrics} and read nothing held 320 MB in 15 s). Here the
 * next request goes on only once the previous response has been written to the socket and the
 * connection is writable, and the connection stops reading meanwhile; so what a connection
 * buffers is one response. Requests already decoded from the last read wait in a queue of at
 * most {@code maxQueued}; a peer that pipelines more is not a browser or a scraper, and is closed.
 */
final class HttpPipelineGate extends ChannelDuplexHandler {
    static final String NAME = "http-gate";

    private final int maxQueued;
    private final HttpRequestDeadline deadline;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean inFlight;

    HttpPipelineGate(int maxQueued, HttpRequestDeadline deadline) {
        this.maxQueued = maxQueued;
        this.deadline = deadline;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!inFlight) {
            dispatch(req);
        } else if (waiting.size() < maxQueued) {
            waiting.add(req);
        } else {
            req.release();
            releaseWaiting();
            ctx.close();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) { // a FullHttpResponse is one too: the response ends here
            promise = promise.unvoid();
            promise.addListener(f -> responded());
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        next();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    private void dispatch(FullHttpRequest req) {
        inFlight = true;
        ctx.channel().config().setAutoRead(false);
        ctx.fireChannelRead(req);
    }

    private void responded() {
        inFlight = false;
        deadline.responded(!waiting.isEmpty());
        next();
    }

    private void next() {
        if (inFlight || !ctx.channel().isActive() || !ctx.channel().isWritable()) {
            return; // channelWritabilityChanged calls again once the peer has read
        }
        FullHttpRequest req = waiting.poll();
        if (req != null) {
            dispatch(req);
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void releaseWaiting() {
        FullHttpRequest req;
        while ((req = waiting.poll()) != null) {
            ReferenceCountUtil.release(req);
        }
    }
}
