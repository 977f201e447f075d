package org.gridcast.loadtest.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.bootstrap.Bootstrap;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.gridcast.loadtest.Options;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.load.Stamp;
import org.gridcast.loadtest.net.SourceAddresses;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.target.PeerProcess;
import org.gridcast.loadtest.target.Target;

/**
 * Redis pub/sub through Lettuce: one pub/sub connection per subscriber, SUBSCRIBE to one channel
 * per unit followed; the publisher PUBLISHes on a normal connection, accepted on its reply.
 */
public final class RedisPubSubTarget implements Target {
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private PeerProcess peer;
    private InetSocketAddress address;
    private ClientResources resources;
    private RedisClient client;
    private StatefulRedisConnection<String, byte[]> publisher;
    private TownPlan plan;
    private int payloadBytes;
    private SourceAddresses sources;

    @Override
    public void start(Options options, TownPlan plan, Ledger ledger) throws Exception {
        this.plan = plan;
        this.payloadBytes = options.payloadBytes();
        this.sources = options.sourceIps();
        if (options.server() == null) {
            int port = PeerProcess.freePort();
            Path dir = Files.createTempDirectory("lt-redis");
            // No persistence, no output-buffer cap on pub/sub clients (the default disconnects a
            // subscriber 8 MB behind, which would measure a setting, not Redis). Protected mode
            // off: it refuses loopback sources other than 127.0.0.1; the bind keeps it local.
            peer = PeerProcess.start(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--protected-mode", "no", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--maxclients", "1000000",
                    "--client-output-buffer-limit", "pubsub 0 0 0"), port, dir.resolve("redis.log"));
            address = peer.address();
        } else {
            address = options.server();
        }
        resources = ClientResources.builder()
                .ioThreadPoolSize(options.ioThreads())
                .computationThreadPoolSize(1)
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterBootstrapInitialized(Bootstrap bootstrap) {
                        bootstrap.localAddress(sources.next());
                    }
                })
                .build();
        client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder().autoReconnect(false).build());
        client.setDefaultTimeout(Duration.ofSeconds(60));
        publisher = client.connect(CODEC, uri());
    }

    private RedisURI uri() {
        return RedisURI.create("redis://" + address.getHostString() + ":" + address.getPort());
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public CompletableFuture<Void> connect(Receiver receiver, InetSocketAddress local) {
        int[] t = receiver.resident().topics();
        String[] channels = new String[t.length];
        for (int i = 0; i < t.length; i++) {
            channels[i] = plan.unit(t[i]).id();
        }
        return client.connectPubSubAsync(CODEC, uri()).toCompletableFuture().thenCompose(c -> {
            receiver.connection(c);
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, byte[] message) {
                    long now = System.nanoTime();
                    Stamp s = Stamp.readBinary(message);
                    receiver.deliver(s.topic(), s.seq(), s.intendedNanos(), now);
                }
            });
            return c.async().subscribe(channels).toCompletableFuture();
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<Void> disconnect(Receiver receiver) {
        Object c = receiver.connection();
        return c == null ? CompletableFuture.completedFuture(null)
                : ((StatefulRedisPubSubConnection<String, byte[]>) c).closeAsync();
    }

    @Override
    public CompletableFuture<Void> publish(Stamp stamp) {
        return publisher.async().publish(plan.unit(stamp.topic()).id(), stamp.toBinary(payloadBytes))
                .toCompletableFuture().thenApply(n -> null);
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", PeerProcess.version("redis-server", "--version") + (peer == null ? " at " + address : ""));
        m.put("settings", "pub/sub, no persistence, client-output-buffer-limit pubsub 0 0 0; client Lettuce");
        return m;
    }

    @Override
    public void close() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (resources != null) {
            resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (peer != null) {
            peer.close();
        }
    }
}
