package org.gridcast.server.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open plain-HTTP connections of the public and admin ports (a WebSocket leaves once its
 * handshake is done), and the bytes their responses hold in Netty's outbound buffers: the figure
 * that grew to hundreds of MB when pipelined requests were answered without regard to the
 * reader, exported as {@value #PENDING_BYTES} so it can be watched.
 *
 * <p>A connection is counted while this handler is in its pipeline: it joins when the handler is
 * added and leaves when the handler is removed, by the upgrade to WebSocket or by Netty once the
 * closed connection is deregistered. Not a {@code ChannelGroup}: a group listens on each
 * connection's close future, and a listener removed at the upgrade still leaves Netty's listener
 * list (48 bytes) on every upgraded WebSocket for as long as it lives.
 */
@Sharable
public final class HttpConnections extends ChannelInboundHandlerAdapter {
    /** Bytes written to HTTP connections and not yet taken by the kernel. */
    public static final String PENDING_BYTES = "gridcast.http.pending.bytes";
    /** The handler's name in the pipeline. */
    public static final String NAME = "http-connections";

    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

    public HttpConnections(MeterRegistry registry) {
        Gauge.builder(PENDING_BYTES, this, HttpConnections::pendingBytes).baseUnit("bytes")
                .strongReference(true).register(registry);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channels.add(ctx.channel());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        channels.remove(ctx.channel());
    }

    /** Connections counted now. */
    int size() {
        return channels.size();
    }

    /** Sum over the connections; read without locks, so a close moment's figure may be stale. */
    public long pendingBytes() {
        long sum = 0;
        for (Channel ch : channels) {
            ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
            if (out != null) {
                sum += out.totalPendingWriteBytes();
            }
        }
        return sum;
    }
}
