package org.gridcast.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.session.Session;

/**
 * Until a session exists only Login and RedeemInvite pass. Other requests get UNAUTHENTICATED
 * and the {@code maxUnauthenticated}-th closes; a connection that has not logged in within
 * {@code loginTimeout} is closed, so idle anonymous sockets cannot pile up. One per channel.
 */
public final class LoginGate extends SimpleChannelInboundHandler<Envelope> {
    /** The gate's name in the pipeline. */
    public static final String NAME = "login-gate";

    private final Dispatcher dispatcher;
    private final ConnectionLimits limits;
    private int refused;
    private ScheduledFuture<?> timeout;

    public LoginGate(Dispatcher dispatcher, ConnectionLimits limits) {
        super(false);
        this.dispatcher = dispatcher;
        this.limits = limits;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            if (Session.of(ctx.channel()) == null) {
                Replies.errorAndClose(ctx.channel(), 0, ErrorCode.UNAUTHENTICATED, "no login within " + limits.loginTimeout());
            }
        }, limits.loginTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A logged-in connection needs no gate: it leaves the pipeline, and its login timer with
     * it, so an idle session does not carry them (a context, a handler and a scheduled task).
     */
    public static void leave(Channel channel) {
        try {
            channel.eventLoop().execute(() -> {
                if (channel.pipeline().get(NAME) != null) {
                    channel.pipeline().remove(NAME);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // the loop is stopping and the connection with it: the gate goes when it does
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timeout.cancel(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        if (Session.of(ctx.channel()) != null || dispatcher.isAnonymous(envelope.getBodyCase())) {
            ctx.fireChannelRead(envelope);
            return;
        }
        refused++;
        if (refused >= limits.maxUnauthenticated()) {
            Replies.errorAndClose(ctx.channel(), envelope.getRequestId(), ErrorCode.UNAUTHENTICATED, "login first; closing");
        } else {
            Replies.error(ctx.channel(), envelope.getRequestId(), ErrorCode.UNAUTHENTICATED, "login first");
        }
    }
}
