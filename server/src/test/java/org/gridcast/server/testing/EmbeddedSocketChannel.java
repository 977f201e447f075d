package org.gridcast.server.testing;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DefaultSocketChannelConfig;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * An {@link EmbeddedChannel} that passes for a {@link SocketChannel}, so the server's real
 * {@code ChannelInitializer<SocketChannel>}s (GridcastInitializer, HttpInitializer) build their
 * pipelines on it unchanged: fuzz and handler tests then run exactly the production handlers,
 * in memory, without a socket per input. The socket options in {@link #config()} apply to
 * nothing; half-closure is not modelled.
 */
public final class EmbeddedSocketChannel extends EmbeddedChannel implements SocketChannel {
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 7000);
    private static final InetSocketAddress REMOTE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    /**
     * The java.net.Socket behind every config: never connected. One for all channels, because
     * the config sets TCP_NODELAY on it, which opens a descriptor; one per channel would leak
     * a descriptor per fuzz input.
     */
    private static final Socket UNCONNECTED = new Socket();

    /** Made on first use: EmbeddedChannel's constructor asks for the config before fields are set. */
    private SocketChannelConfig config;

    /** Not registered yet: set the allocator in {@link #config()}, then call {@link #register()}. */
    public EmbeddedSocketChannel(ChannelHandler... handlers) {
        super(false, false, handlers);
    }

    @Override
    public ServerSocketChannel parent() {
        return null;
    }

    @Override
    public SocketChannelConfig config() {
        if (config == null) {
            config = new DefaultSocketChannelConfig(this, UNCONNECTED);
        }
        return config;
    }

    @Override
    public InetSocketAddress localAddress() {
        return LOCAL;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return REMOTE;
    }

    @Override
    public boolean isInputShutdown() {
        return !isOpen();
    }

    @Override
    public ChannelFuture shutdownInput() {
        return close();
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        return close(promise);
    }

    @Override
    public boolean isOutputShutdown() {
        return !isOpen();
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return close();
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        return close(promise);
    }

    @Override
    public boolean isShutdown() {
        return !isOpen();
    }

    @Override
    public ChannelFuture shutdown() {
        return close();
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        return close(promise);
    }
}
