package org.gridcast.server.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.SyncHint;
import org.gridcast.server.net.Envelopes;

/**
 * Slow readers. While a connection is over its write high-water mark, pushes to it are skipped
 * (see {@link Session#write}); once it drains the session gets a SyncHint and fetches what it
 * missed from Redis. A connection that stays unwritable for {@code timeout} is not reading at
 * all and is closed with SLOW_CONSUMER, so one stuck phone cannot hold buffers forever.
 * One per channel.
 */
public final class BackpressureHandler extends ChannelInboundHandlerAdapter {
    private final LoginStateProvider states;
    private final Duration timeout;
    private ScheduledFuture<?> kick;

    public BackpressureHandler(LoginStateProvider states, Duration timeout) {
        this.states = states;
        this.timeout = timeout;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        if (!ch.isWritable()) {
            if (kick == null) {
                kick = ctx.executor().schedule(() -> {
                    if (!ch.isWritable()) {
                        Session.kick(ch, ErrorCode.SLOW_CONSUMER, "not reading pushes; sync on reconnect");
                    }
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } else {
            cancel();
            Session session = Session.of(ch);
            if (session != null && session.clearLagging()) {
                states.syncState(session).thenAccept(state -> session.send(Envelopes.push(SyncHint.newBuilder()
                        .addAllChannels(state.channels()).setUnreadTotal(state.unreadTotal()).build())));
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void cancel() {
        if (kick != null) {
            kick.cancel(false);
            kick = null;
        }
    }
}
