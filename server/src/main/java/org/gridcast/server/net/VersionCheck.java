package org.gridcast.server.net;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;

/** Refuses envelopes of a protocol version this server does not speak, and closes. */
@Sharable
public final class VersionCheck extends SimpleChannelInboundHandler<Envelope> {
    public static final VersionCheck INSTANCE = new VersionCheck();

    private VersionCheck() {
        super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        if (envelope.getVersion() != Envelopes.VERSION) {
            Replies.errorAndClose(ctx.channel(), envelope.getRequestId(), ErrorCode.UNSUPPORTED_VERSION,
                    "this server speaks protocol version " + Envelopes.VERSION);
            return;
        }
        ctx.fireChannelRead(envelope);
    }
}
