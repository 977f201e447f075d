package org.gridcast.server.net;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.session.Session;

/** Reader idle for the missed-heartbeat window: the peer is gone (or its NAT mapping is). */
@Sharable
public final class HeartbeatTimeout extends ChannelInboundHandlerAdapter {
    public static final HeartbeatTimeout INSTANCE = new HeartbeatTimeout();

    private HeartbeatTimeout() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            Session.kick(ctx.channel(), ErrorCode.IDLE_TIMEOUT, "no heartbeat");
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
