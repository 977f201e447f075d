package org.gridcast.server.notice;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.node.NodeMessage;
import org.gridcast.server.redis.RedisConnector;

/** A real pub/sub connection listening on {@code node:*}, as a server node would, for tests. */
final class NodeSubscriber implements AutoCloseable {
    record Received(String channel, NodeMessage message) {
    }

    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    NodeSubscriber(RedisConnector connector) {
        pubsub = connector.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, byte[] message) {
                try {
                    received.add(new Received(channel, NodeMessage.parseFrom(message)));
                } catch (InvalidProtocolBufferException e) {
                    received.add(new Received(channel, null));
                }
            }
        });
        pubsub.sync().psubscribe("node:*");
    }

    /** The next message, or null after 5 seconds. */
    Received next() throws InterruptedException {
        return received.poll(5, TimeUnit.SECONDS);
    }

    /** Everything received so far, without waiting. */
    List<Received> drain() {
        List<Received> out = new ArrayList<>();
        received.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        pubsub.close();
    }
}
