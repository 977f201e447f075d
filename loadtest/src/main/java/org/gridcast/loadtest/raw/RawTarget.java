package org.gridcast.loadtest.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.gridcast.loadtest.Options;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.load.Stamp;
import org.gridcast.loadtest.net.ClientNet;
import org.gridcast.loadtest.net.Transport;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.target.Futures;
import org.gridcast.loadtest.target.Target;

/** Drives a {@link RawServer}: in-process unless {@code --server} names one. */
public final class RawTarget implements Target {
    private RawServer own;
    private InetSocketAddress address;
    private ClientNet net;
    private Channel publisher;
    private int payloadBytes;

    @Override
    public void start(Options options, TownPlan plan, Ledger ledger) {
        payloadBytes = options.payloadBytes();
        if (options.server() == null) {
            own = new RawServer(new InetSocketAddress("127.0.0.1", 0), options.ioThreads());
            address = own.address();
        } else {
            address = options.server();
        }
        net = new ClientNet(options.ioThreads());
        publisher = net.connect(address, null, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(RawFrames.decoder());
            }
        }).syncUninterruptibly().channel();
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public CompletableFuture<Void> connect(Receiver receiver, InetSocketAddress local) {
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        net.connect(address, local, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(RawFrames.decoder(), new Subscriber(receiver, subscribed));
            }
        }).addListener(f -> {
            if (!f.isSuccess()) {
                subscribed.completeExceptionally(f.cause());
            }
        });
        return subscribed;
    }

    @Override
    public CompletableFuture<Void> disconnect(Receiver receiver) {
        Channel ch = (Channel) receiver.connection();
        return ch == null ? CompletableFuture.completedFuture(null) : Futures.of(ch.close());
    }

    @Override
    public CompletableFuture<Void> publish(Stamp stamp) {
        ByteBuf b = publisher.alloc().buffer(9 + payloadBytes);
        b.writeInt(5 + payloadBytes).writeByte(RawFrames.PUB).writeInt(stamp.topic());
        stamp.writeBinary(b, payloadBytes);
        return Futures.of(publisher.writeAndFlush(b));
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", own != null ? "in-process RawServer (" + Transport.name() + ")" : "RawServer at " + address);
        return m;
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close().syncUninterruptibly();
        }
        if (net != null) {
            net.close();
        }
        if (own != null) {
            own.close();
        }
    }

    private static final class Subscriber extends SimpleChannelInboundHandler<ByteBuf> {
        private final Receiver receiver;
        private final CompletableFuture<Void> subscribed;

        Subscriber(Receiver receiver, CompletableFuture<Void> subscribed) {
            this.receiver = receiver;
            this.subscribed = subscribed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            receiver.connection(ctx.channel());
            ctx.writeAndFlush(RawFrames.sub(ctx.alloc(), receiver.resident().topics()));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf in) {
            long now = System.nanoTime();
            byte type = in.readByte();
            if (type == RawFrames.MSG) {
                Stamp s = Stamp.readBinary(in);
                receiver.deliver(s.topic(), s.seq(), s.intendedNanos(), now);
            } else if (type == RawFrames.SUB_OK) {
                subscribed.complete(null);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            subscribed.completeExceptionally(new IllegalStateException("closed before subscribed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            subscribed.completeExceptionally(cause);
            ctx.close();
        }
    }
}
