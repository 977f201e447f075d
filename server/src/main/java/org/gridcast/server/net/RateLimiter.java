package org.gridcast.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;

/**
 * Per-connection request rate: over the bucket a request gets RATE_LIMITED (the client backs
 * off); a peer that keeps sending {@code maxRejectedInRow} refused requests is not backing off
 * and is closed. One instance per channel.
 */
public final class RateLimiter extends SimpleChannelInboundHandler<Envelope> {
    private final TokenBucket bucket;
    private final int maxRejectedInRow;
    private int rejectedInRow;

    public RateLimiter(ConnectionLimits limits) {
        super(false);
        this.bucket = new TokenBucket(limits.requestsPerSecond(), limits.burst(), System.nanoTime());
        this.maxRejectedInRow = limits.maxRejectedInRow();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        if (bucket.tryTake(System.nanoTime())) {
            rejectedInRow = 0;
            ctx.fireChannelRead(envelope);
            return;
        }
        rejectedInRow++;
        if (rejectedInRow >= maxRejectedInRow) {
            Replies.errorAndClose(ctx.channel(), envelope.getRequestId(), ErrorCode.RATE_LIMITED, "too many requests; closing");
        } else if (ctx.channel().isActive()) {
            Replies.error(ctx.channel(), envelope.getRequestId(), ErrorCode.RATE_LIMITED, "too many requests; retry later");
        }
    }
}
