package org.gridcast.server.fanout;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * SUBSCRIBE on one Redis. Lettuce re-subscribes classic channels itself when it reconnects, so
 * a restart of that Redis needs nothing from us.
 */
public final class ClassicSubscriber implements NodeSubscriber {
    private static final long SUBSCRIBE_TIMEOUT_SECONDS = 10;
    private final StatefulRedisPubSubConnection<String, byte[]> connection;

    public ClassicSubscriber(StatefulRedisPubSubConnection<String, byte[]> connection) {
        this.connection = connection;
    }

    @Override
    public void subscribe(List<String> channels, Consumer<byte[]> onMessage) throws Exception {
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                onMessage.accept(message);
            }
        });
        connection.async().subscribe(channels.toArray(String[]::new)).toCompletableFuture()
                .get(SUBSCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        connection.close();
    }
}
