package org.gridcast.server.net;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.gridcast.protocol.Envelope;
import org.gridcast.server.session.RequestFlow;
import org.gridcast.server.session.Session;

/**
 * Hands each envelope that passed the limits to the dispatcher: a logged-in session's through
 * its {@link RequestFlow} (in-flight cap, reads paused while the client does not read), a
 * connection before login directly (the login gate lets only a login through).
 */
@Sharable
public final class DispatchHandler extends SimpleChannelInboundHandler<Envelope> {
    private final Dispatcher dispatcher;
    private final RequestFlow flow;

    public DispatchHandler(Dispatcher dispatcher, RequestFlow flow) {
        super(false);
        this.dispatcher = dispatcher;
        this.flow = flow;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        Session session = Session.of(ctx.channel());
        if (session == null) {
            dispatcher.dispatch(ctx.channel(), envelope);
        } else {
            flow.offer(session, envelope);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Session session = Session.of(ctx.channel());
        if (session != null) {
            flow.writabilityChanged(session);
        }
        super.channelWritabilityChanged(ctx);
    }
}
