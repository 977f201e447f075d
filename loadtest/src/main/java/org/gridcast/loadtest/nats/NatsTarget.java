package org.gridcast.loadtest.nats;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gridcast.loadtest.Options;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.load.Stamp;
import org.gridcast.loadtest.nats.NatsDecoder.NatsMsg;
import org.gridcast.loadtest.net.ClientNet;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.target.Futures;
import org.gridcast.loadtest.target.PeerProcess;
import org.gridcast.loadtest.target.Target;

/**
 * NATS core (no JetStream, nothing stored) through a hand-written minimal client: CONNECT, SUB
 * one subject per unit followed, PING/PONG to know the subscriptions are in place, PUB, MSG.
 */
public final class NatsTarget implements Target {
    private static final String CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"name\":\"gridcast-loadtest\"}\r\n";

    private PeerProcess peer;
    private InetSocketAddress address;
    private ClientNet net;
    private Channel publisher;
    private TownPlan plan;
    private int payloadBytes;

    @Override
    public void start(Options options, TownPlan plan, Ledger ledger) throws Exception {
        this.plan = plan;
        this.payloadBytes = options.payloadBytes();
        if (options.server() == null) {
            int port = PeerProcess.freePort();
            peer = PeerProcess.start(List.of("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port)),
                    port, Files.createTempFile("lt-nats", ".log"));
            address = peer.address();
        } else {
            address = options.server();
        }
        net = new ClientNet(options.ioThreads());
        CompletableFuture<Void> ready = new CompletableFuture<>();
        publisher = net.connect(address, null, initializer(null, new String[0], ready)).syncUninterruptibly().channel();
        ready.get(30, TimeUnit.SECONDS);
    }

    private ChannelInitializer<SocketChannel> initializer(Receiver receiver, String[] subjects, CompletableFuture<Void> ready) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new NatsDecoder(), new Client(receiver, subjects, ready));
            }
        };
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public CompletableFuture<Void> connect(Receiver receiver, InetSocketAddress local) {
        int[] topics = receiver.resident().topics();
        String[] subjects = new String[topics.length];
        for (int i = 0; i < topics.length; i++) {
            subjects[i] = plan.unit(topics[i]).id();
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        net.connect(address, local, initializer(receiver, subjects, ready)).addListener(f -> {
            if (!f.isSuccess()) {
                ready.completeExceptionally(f.cause());
            }
        });
        return ready;
    }

    @Override
    public CompletableFuture<Void> disconnect(Receiver receiver) {
        Channel ch = (Channel) receiver.connection();
        return ch == null ? CompletableFuture.completedFuture(null) : Futures.of(ch.close());
    }

    @Override
    public CompletableFuture<Void> publish(Stamp stamp) {
        String subject = plan.unit(stamp.topic()).id();
        ByteBuf b = publisher.alloc().buffer(subject.length() + payloadBytes + 24);
        ByteBufUtil.writeAscii(b, "PUB " + subject + " " + payloadBytes + "\r\n");
        stamp.writeBinary(b, payloadBytes);
        ByteBufUtil.writeAscii(b, "\r\n");
        return Futures.of(publisher.writeAndFlush(b));
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", PeerProcess.version("nats-server", "--version") + (peer == null ? " at " + address : ""));
        m.put("settings", "core NATS, defaults (no persistence)");
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
        if (peer != null) {
            peer.close();
        }
    }

    /** One NATS connection: subscriber when {@code receiver} is set, else the publisher. */
    private static final class Client extends SimpleChannelInboundHandler<Object> {
        private final Receiver receiver;
        private final String[] subjects;
        private final CompletableFuture<Void> ready;

        Client(Receiver receiver, String[] subjects, CompletableFuture<Void> ready) {
            this.receiver = receiver;
            this.subjects = subjects;
            this.ready = ready;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (receiver != null) {
                receiver.connection(ctx.channel());
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof NatsMsg m) {
                long now = System.nanoTime();
                try {
                    Stamp s = Stamp.readBinary(m.payload());
                    if (receiver != null) {
                        receiver.deliver(s.topic(), s.seq(), s.intendedNanos(), now);
                    }
                } finally {
                    m.payload().release();
                }
                return;
            }
            String line = (String) msg;
            if (line.startsWith("INFO")) {
                StringBuilder sb = new StringBuilder(CONNECT);
                for (int i = 0; i < subjects.length; i++) {
                    sb.append("SUB ").append(subjects[i]).append(' ').append(i + 1).append("\r\n");
                }
                sb.append("PING\r\n");
                ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), sb));
            } else if (line.equals("PING")) {
                ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), "PONG\r\n"));
            } else if (line.equals("PONG")) {
                ready.complete(null);
            } else if (line.startsWith("-ERR")) {
                ready.completeExceptionally(new IOException("nats: " + line));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ready.completeExceptionally(new IOException("nats connection closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.completeExceptionally(cause);
            ctx.close();
        }
    }
}
