package org.gridcast.server.net;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.metrics.GridcastMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of every client pipeline: counts what went wrong by class, tells the peer when it
 * broke the framing, and closes. Peers vanishing (resets) are routine and logged at debug.
 */
@Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ExceptionHandler.class);
    private final GridcastMetrics metrics;

    public ExceptionHandler(GridcastMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause.getCause() != null && !(cause instanceof IOException) ? cause.getCause() : cause;
        metrics.exception(root.getClass());
        if (root instanceof TooLongFrameException || root instanceof CorruptedFrameException) {
            log.debug("framing violation from {}: {}", ctx.channel().remoteAddress(), root.toString());
            metrics.error(ErrorCode.PROTOCOL_VIOLATION);
            Replies.errorAndClose(ctx.channel(), 0, ErrorCode.PROTOCOL_VIOLATION, "bad frame: " + root.getMessage());
            return;
        }
        // A peer that vanishes, or is closed for a protocol violation, while a fragmented
        // WebSocket message is half in makes the aggregator report PrematureChannelClosure: as
        // routine as a reset, and a hostile peer must not be able to write warnings at will.
        if (root instanceof IOException || root instanceof PrematureChannelClosureException) {
            log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), root.toString());
        } else {
            log.warn("unexpected error on {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
