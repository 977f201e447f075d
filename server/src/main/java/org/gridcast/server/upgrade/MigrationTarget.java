package org.gridcast.server.upgrade;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisEndpoint;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.redis.RedisServerProcess;

/**
 * The Redis a migration works on, opened as {@code serve} would open it: the node's private
 * redis-server in {@code D/redis} (started here with its password, stopped after), a Redis URL,
 * or a Redis Cluster; with the mover that fits it ({@link RenameMover} on one Redis,
 * {@link RestoreMover} in a cluster).
 */
public final class MigrationTarget implements AutoCloseable {
    /** How long the probe of an already running private Redis waits. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final String kind;
    private final RedisServerProcess process;
    private final RedisConnector connector;
    private final RedisLink<String, byte[]> redis;

    private MigrationTarget(String kind, RedisServerProcess process, RedisConnector connector,
            RedisLink<String, byte[]> redis) {
        this.kind = kind;
        this.process = process;
        this.connector = connector;
        this.redis = redis;
    }

    /** Connects; a Redis that cannot be reached leaves nothing open behind it. */
    private static MigrationTarget open(String kind, RedisServerProcess process, RedisConnector connector) {
        try {
            return new MigrationTarget(kind, process, connector, connector.connect());
        } catch (RuntimeException e) {
            connector.close();
            if (process != null) {
                process.close();
            }
            throw e;
        }
    }

    /**
     * The private Redis of the data folder {@code dataDir}. Refuses a folder without one (a typo
     * must not create a fresh, empty one) and a folder whose Redis already runs: that is a
     * {@code serve} still up, and a second redis-server on the same AOF would corrupt it.
     */
    public static MigrationTarget embedded(Path dataDir) throws IOException {
        Path redisDir = dataDir.resolve("redis");
        if (!Files.isDirectory(redisDir)) {
            throw new IOException(redisDir + " does not exist: --data-dir must be the folder 'serve' runs with");
        }
        refuseIfRunning(redisDir.resolve(RedisServerProcess.URI_FILE));
        RedisServerProcess process = RedisServerProcess.start(redisDir);
        return open("embedded", process, new RedisConnector(process.uri()));
    }

    public static MigrationTarget external(RedisEndpoint endpoint) {
        return open(endpoint.isCluster() ? "cluster" : "redis", null, new RedisConnector(endpoint));
    }

    public String kind() {
        return kind;
    }

    public RedisLink<String, byte[]> redis() {
        return redis;
    }

    public KeyMover mover() {
        return redis.cluster().isPresent() ? new RestoreMover(redis.async()) : new RenameMover(redis.async());
    }

    @Override
    public void close() {
        redis.close();
        connector.close();
        if (process != null) {
            process.close();
        }
    }

    /**
     * A running private Redis leaves its address (with the password) in {@code uri}; a crashed
     * one may leave a stale file. Only a Redis that accepts that password is ours and running.
     */
    private static void refuseIfRunning(Path uriFile) throws IOException {
        if (!Files.isRegularFile(uriFile)) {
            return;
        }
        RedisURI uri = RedisURI.create(Files.readString(uriFile).strip());
        uri.setTimeout(PROBE_TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        boolean answers;
        try (StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8)) {
            answers = "PONG".equals(c.sync().ping());
        } catch (RuntimeException notRunning) {
            answers = false;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
        if (answers) {
            throw new IOException("the private Redis of this data folder is running (" + uriFile
                    + "): stop 'serve' on it first");
        }
    }
}
