package org.gridcast.loadtest.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridcast.loadtest.Options;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.load.Stamp;
import org.gridcast.loadtest.net.ClientNet;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.target.Futures;
import org.gridcast.loadtest.target.PeerProcess;
import org.gridcast.loadtest.target.Target;

/**
 * Mosquitto over MQTT 3.1.1 with Netty's codec: one topic per unit, each subscriber subscribes
 * QoS 1 to its micro-grid and its ancestors and acks every PUBLISH; the publisher publishes QoS 1
 * and a notice counts as accepted on its PUBACK.
 */
public final class MqttTarget implements Target {
    /** MQTT packets here are small; the codec's default limit is fine but say it. */
    private static final int MAX_PACKET = 1 << 20;

    /**
     * Broker settings: no in-flight or queue cap (mosquitto's defaults, 20 and 1,000, drop QoS 1
     * messages under a burst, which would measure a setting, not the broker), no persistence.
     */
    static final String CONFIG = """
            listener %d 127.0.0.1
            allow_anonymous true
            persistence false
            max_inflight_messages 0
            max_queued_messages 0
            set_tcp_nodelay true
            log_type error
            log_dest stdout
            """;

    private PeerProcess peer;
    private InetSocketAddress address;
    private ClientNet net;
    private Channel publisher;
    private TownPlan plan;
    private int payloadBytes;
    private final Map<Integer, CompletableFuture<Void>> pendingAcks = new ConcurrentHashMap<>();
    private final AtomicInteger packetIds = new AtomicInteger();

    @Override
    public void start(Options options, TownPlan plan, Ledger ledger) throws Exception {
        this.plan = plan;
        this.payloadBytes = options.payloadBytes();
        if (options.server() == null) {
            int port = PeerProcess.freePort();
            Path conf = Files.createTempFile("lt-mosquitto", ".conf");
            Files.writeString(conf, CONFIG.formatted(port));
            peer = PeerProcess.start(List.of("mosquitto", "-c", conf.toString()), port,
                    Files.createTempFile("lt-mosquitto", ".log"));
            address = peer.address();
        } else {
            address = options.server();
        }
        net = new ClientNet(options.ioThreads());
        CompletableFuture<Void> ready = new CompletableFuture<>();
        publisher = net.connect(address, null, initializer(null, "lt-publisher", new String[0], ready))
                .syncUninterruptibly().channel();
        ready.get(30, TimeUnit.SECONDS);
    }

    private ChannelInitializer<SocketChannel> initializer(Receiver receiver, String clientId, String[] topics,
                                                          CompletableFuture<Void> ready) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new MqttDecoder(MAX_PACKET), MqttEncoder.INSTANCE,
                        new Client(receiver, clientId, topics, ready));
            }
        };
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public CompletableFuture<Void> connect(Receiver receiver, InetSocketAddress local) {
        int[] t = receiver.resident().topics();
        String[] topics = new String[t.length];
        for (int i = 0; i < t.length; i++) {
            topics[i] = plan.unit(t[i]).id();
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        net.connect(address, local, initializer(receiver, receiver.resident().id(), topics, ready)).addListener(f -> {
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
        int id = packetIds.updateAndGet(x -> x >= 65_535 ? 1 : x + 1);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        if (pendingAcks.putIfAbsent(id, acked) != null) {
            acked.completeExceptionally(new IOException("more than 65,535 unacked PUBLISH"));
            return acked;
        }
        ByteBuf payload = publisher.alloc().buffer(payloadBytes);
        stamp.writeBinary(payload, payloadBytes);
        MqttPublishMessage m = MqttMessageBuilders.publish()
                .topicName(plan.unit(stamp.topic()).id())
                .qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(id)
                .payload(payload)
                .build();
        publisher.writeAndFlush(m).addListener(f -> {
            if (!f.isSuccess()) {
                pendingAcks.remove(id);
                acked.completeExceptionally(f.cause());
            }
        });
        return acked;
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", PeerProcess.version("mosquitto", "-h") + (peer == null ? " at " + address : ""));
        m.put("settings", "MQTT 3.1.1, QoS 1 publish and subscribe, no persistence, no in-flight/queue cap");
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

    /** One MQTT connection: subscriber when {@code receiver} is set, else the publisher. */
    private final class Client extends SimpleChannelInboundHandler<MqttMessage> {
        private final Receiver receiver;
        private final String clientId;
        private final String[] topics;
        private final CompletableFuture<Void> ready;

        Client(Receiver receiver, String clientId, String[] topics, CompletableFuture<Void> ready) {
            this.receiver = receiver;
            this.clientId = clientId;
            this.topics = topics;
            this.ready = ready;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (receiver != null) {
                receiver.connection(ctx.channel());
            }
            ctx.writeAndFlush(MqttMessageBuilders.connect()
                    .clientId(clientId)
                    .cleanSession(true)
                    .protocolVersion(MqttVersion.MQTT_3_1_1)
                    .keepAlive(0)
                    .build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            MqttMessageType type = msg.fixedHeader().messageType();
            switch (type) {
                case PUBLISH -> onPublish(ctx, (MqttPublishMessage) msg);
                case PUBACK -> {
                    int id = ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId();
                    CompletableFuture<Void> f = pendingAcks.remove(id);
                    if (f != null) {
                        f.complete(null);
                    }
                }
                case CONNACK -> onConnAck(ctx, (MqttConnAckMessage) msg);
                case SUBACK -> ready.complete(null);
                default -> {
                }
            }
        }

        private void onConnAck(ChannelHandlerContext ctx, MqttConnAckMessage ack) {
            if (ack.variableHeader().connectReturnCode() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                ready.completeExceptionally(new IOException("mqtt connect refused: " + ack.variableHeader().connectReturnCode()));
                ctx.close();
                return;
            }
            if (topics.length == 0) {
                ready.complete(null);
                return;
            }
            MqttMessageBuilders.SubscribeBuilder sub = MqttMessageBuilders.subscribe().messageId(1);
            for (String t : topics) {
                sub.addSubscription(MqttQoS.AT_LEAST_ONCE, t);
            }
            ctx.writeAndFlush(sub.build());
        }

        private void onPublish(ChannelHandlerContext ctx, MqttPublishMessage p) {
            long now = System.nanoTime();
            Stamp s = Stamp.readBinary(p.payload());
            if (receiver != null) {
                receiver.deliver(s.topic(), s.seq(), s.intendedNanos(), now);
            }
            if (p.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                // flushed once per read burst (channelReadComplete), as a good client would
                ctx.write(MqttMessageBuilders.pubAck().packetId(p.variableHeader().packetId()).build());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ready.completeExceptionally(new IOException("mqtt connection closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.completeExceptionally(cause);
            ctx.close();
        }
    }
}
