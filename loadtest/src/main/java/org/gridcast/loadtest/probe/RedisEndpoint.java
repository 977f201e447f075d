package org.gridcast.loadtest.probe;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * A connection to the server's Redis that reads its command statistics. The connection is
 * opened once, before the first reading, so its handshake (HELLO and the like) is in every
 * reading and cancels out of a difference; its own INFO calls are taken out of each reading.
 */
public final class RedisEndpoint implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String INFO = "info";

    /** Host and port only: the URI may carry a password, and this shows up in messages. */
    private final String where;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    /** INFO calls made so far; Redis counts a call once it has answered, so each is in the next reading. */
    private long infoCalls;

    private RedisEndpoint(String where, RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.where = where;
        this.client = client;
        this.connection = connection;
    }

    public static RedisEndpoint connect(String uri) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(TIMEOUT);
        RedisClient client = RedisClient.create(redisUri);
        try {
            String where = "redis://" + redisUri.getHost() + ":" + redisUri.getPort();
            return new RedisEndpoint(where, client, client.connect());
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw e;
        }
    }

    /** Calls per command so far, not counting this reader's own INFO calls. */
    public RedisCommandStats commandStats() {
        RedisCommandStats stats = RedisCommandStats.parse(connection.sync().info("commandstats")).less(INFO, infoCalls);
        infoCalls++;
        return stats;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return where;
    }
}
