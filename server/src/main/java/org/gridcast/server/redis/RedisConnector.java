package org.gridcast.server.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;

/**
 * Opens the Lettuce connections the server uses. One multiplexed connection carries every
 * command (Lettuce pipelines concurrent calls on it); pub/sub needs connections of its own.
 *
 * <p>Fails fast: commands are rejected while disconnected and time out after
 * {@link #DEFAULT_COMMAND_TIMEOUT}. A timed-out write may still run later, which is why every
 * write script is idempotent (dedupe on the client's ids).
 */
public final class RedisConnector implements AutoCloseable {
    /** Long enough for an fsync-always AOF write on a slow disk, short enough to answer a phone. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /** Keys are UTF-8 strings; values are raw bytes (protobuf) or UTF-8 digits. */
    public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    /** Resources this connector made itself and so must shut down; null when the caller owns them. */
    private final ClientResources owned;

    public RedisConnector(String uri, ClientResources resources) {
        this(uri, resources, null);
    }

    public RedisConnector(String uri) {
        this(uri, null, ClientResources.create());
    }

    private RedisConnector(String uri, ClientResources shared, ClientResources owned) {
        this.owned = owned;
        this.client = RedisClient.create(shared != null ? shared : owned, RedisURI.create(uri));
        this.client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(DEFAULT_COMMAND_TIMEOUT))
                .build());
    }

    public StatefulRedisConnection<String, byte[]> connect() {
        return client.connect(CODEC);
    }

    public StatefulRedisConnection<String, String> connectStrings() {
        return client.connect(StringCodec.UTF8);
    }

    public StatefulRedisPubSubConnection<String, byte[]> connectPubSub() {
        return client.connectPubSub(CODEC);
    }

    public RedisClient client() {
        return client;
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (owned != null) {
            owned.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
