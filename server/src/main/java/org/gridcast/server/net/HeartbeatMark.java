package org.gridcast.server.net;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.gridcast.server.session.IdleSweeper;
import org.gridcast.server.session.Session;

/**
 * Marks a logged-in session alive on every frame it sends (a Ping or any request), for the
 * {@link IdleSweeper} that closes sessions silent for the missed-heartbeat window. Shared by
 * every connection: the per-connection state is one field of the session.
 */
@Sharable
public final class HeartbeatMark extends ChannelInboundHandlerAdapter {
    public static final HeartbeatMark INSTANCE = new HeartbeatMark();

    private HeartbeatMark() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Session session = Session.of(ctx.channel());
        if (session != null) {
            session.touch();
        }
        ctx.fireChannelRead(msg);
    }
}
