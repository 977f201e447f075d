package org.gridcast.server.net;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.gridcast.protocol.Envelope;

/** Hands each envelope that passed the limits to the dispatcher. */
@Sharable
public final class DispatchHandler extends SimpleChannelInboundHandler<Envelope> {
    private final Dispatcher dispatcher;

    public DispatchHandler(Dispatcher dispatcher) {
        super(false);
        this.dispatcher = dispatcher;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        dispatcher.dispatch(ctx.channel(), envelope);
    }
}
