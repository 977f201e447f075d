package org.gridcast.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;

/** Binds one listening port with the given pipeline initializer. */
public final class Listener implements AutoCloseable {
    /** Pending connections the kernel queues while the acceptor catches up (reconnect storms). */
    public static final int BACKLOG = 1024;

    private static final AdaptiveRecvByteBufAllocator RECEIVE_ALLOCATOR = new AdaptiveRecvByteBufAllocator();

    private final Channel channel;

    private Listener(Channel channel) {
        this.channel = channel;
    }

    public static Listener bind(EventLoops loops, String host, int port, ChannelHandler initializer, ConnectionLimits limits) {
        return bind(loops, host, port, initializer, limits, null);
    }

    /** @param cap closes connections past the process's caps as they are accepted; null = none */
    public static Listener bind(EventLoops loops, String host, int port, ChannelHandler initializer, ConnectionLimits limits,
                                ConnectionCap cap) {
        ServerBootstrap b = new ServerBootstrap()
                .group(loops.boss(), loops.workers())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // one allocator for every connection (it only makes per-channel handles): by
                // default each channel gets its own instance, 40 bytes per idle phone
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_ALLOCATOR)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(limits.writeLowWaterMark(), limits.writeHighWaterMark()))
                .childHandler(initializer);
        if (cap != null) {
            b.handler(cap);
        }
        return new Listener(b.bind(host, port).syncUninterruptibly().channel());
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
