package org.gridcast.loadtest.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a run: one event-loop group shared by every subscriber connection, and a
 * bootstrap that binds each connection to an explicit local address (see {@link SourceAddresses}).
 */
public final class ClientNet implements AutoCloseable {
    /** Connect timeout: generous, a loaded 2-core box accepts slowly. */
    public static final int CONNECT_TIMEOUT_MS = 30_000;

    private final EventLoopGroup group;

    public ClientNet(int threads) {
        this.group = Transport.group(threads, "lt-client");
    }

    public EventLoopGroup group() {
        return group;
    }

    public ChannelFuture connect(InetSocketAddress remote, InetSocketAddress local, ChannelHandler initializer) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transport.socket())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(initializer);
        return local == null ? b.connect(remote) : b.connect(remote, local);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
