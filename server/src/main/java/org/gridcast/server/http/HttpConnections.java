package org.gridcast.server.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The open plain-HTTP connections of the public and admin ports (a WebSocket leaves once its
 * handshake is done), and the bytes their responses hold in Netty's outbound buffers: the figure
 * that grew to hundreds of MB when pipelined requests were answered without regard to the
 * reader, exported as {@value #PENDING_BYTES} so it can be watched.
 */
public final class HttpConnections {
    /** Bytes written to HTTP connections and not yet taken by the kernel. */
    public static final String PENDING_BYTES = "gridcast.http.pending.bytes";

    private final ChannelGroup channels = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);

    public HttpConnections(MeterRegistry registry) {
        Gauge.builder(PENDING_BYTES, this, HttpConnections::pendingBytes).baseUnit("bytes")
                .strongReference(true).register(registry);
    }

    void add(Channel ch) {
        channels.add(ch); // removed by the group itself when the channel closes
    }

    void remove(Channel ch) {
        channels.remove(ch);
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
