package org.gridcast.loadtest.raw;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridcast.loadtest.net.Transport;

/**
 * The ceiling: a pub/sub server that does nothing but fan a frame out. It encodes each notice
 * once, hands a retained duplicate to every subscriber grouped by event loop, and flushes once
 * per loop turn. No storage, no auth, no badges — what Gridcast does on top costs the gap
 * between the two.
 */
public final class RawServer implements AutoCloseable {
    /** Lets a slow subscriber's queue grow rather than drop: the raw ceiling never loses. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(8 << 20, 32 << 20);
    private static final AttributeKey<int[]> TOPICS = AttributeKey.valueOf("lt.topics");

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Map<EventLoop, LoopFanout> fanouts = new IdentityHashMap<>();
    private final LoopFanout[] all;
    private final Channel server;

    public RawServer(InetSocketAddress bind, int threads) {
        boss = Transport.group(1, "raw-boss");
        workers = Transport.group(threads, "raw-io");
        for (EventExecutor e : workers) {
            fanouts.put((EventLoop) e, new LoopFanout((EventLoop) e));
        }
        all = fanouts.values().toArray(new LoopFanout[0]);
        server = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.serverSocket())
                .option(ChannelOption.SO_BACKLOG, 8192)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(RawFrames.decoder(), new Handler());
                    }
                })
                .bind(bind).syncUninterruptibly().channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf in) {
            byte type = in.readByte();
            if (type == RawFrames.SUB) {
                int n = in.readInt();
                int[] topics = new int[n];
                LoopFanout mine = fanouts.get(ctx.channel().eventLoop());
                for (int i = 0; i < n; i++) {
                    topics[i] = in.readInt();
                    mine.subscribe(ctx.channel(), topics[i]);
                }
                ctx.channel().attr(TOPICS).set(topics);
                ctx.writeAndFlush(RawFrames.subOk(ctx.alloc()));
            } else if (type == RawFrames.PUB) {
                int topic = in.readInt();
                ByteBuf frame = RawFrames.msg(ctx.alloc(), in);
                for (LoopFanout f : all) {
                    ByteBuf ref = frame.retain();
                    if (f.loop().inEventLoop()) {
                        f.deliver(topic, ref);
                    } else {
                        f.loop().execute(() -> f.deliver(topic, ref));
                    }
                }
                frame.release();
            } else {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            int[] topics = ctx.channel().attr(TOPICS).get();
            if (topics != null) {
                fanouts.get(ctx.channel().eventLoop()).unsubscribe(ctx.channel(), topics);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** {@code raw-server [PORT] [THREADS]}: the raw target as a process of its own. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        RawServer s = new RawServer(new InetSocketAddress("127.0.0.1", port), threads);
        System.out.println("raw-server listening on " + s.address() + " (" + Transport.name() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        Thread.currentThread().join();
    }
}
