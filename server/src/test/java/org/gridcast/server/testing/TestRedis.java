package org.gridcast.server.testing;

import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisServerProcess;

/**
 * One real redis-server process shared by the tests of a JVM (started on first use, stopped at
 * exit). Tests call {@link #flushAll()} before each case instead of starting a new process.
 */
public final class TestRedis {
    private static RedisServerProcess process;

    private TestRedis() {
    }

    public static synchronized RedisServerProcess process() {
        if (process == null || !process.isAlive()) {
            try {
                Path dir = Files.createTempDirectory("gridcast-test-redis");
                process = RedisServerProcess.start(dir, 0, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RedisServerProcess started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return process;
    }

    public static String uri() {
        return process().uri();
    }

    /** Empties the shared Redis so a test starts from nothing. */
    public static void flushAll() {
        try (RedisConnector connector = new RedisConnector(uri());
             RedisLink<String, String> c = connector.connectStrings()) {
            RedisClusterCommands<String, String> sync = c.sync();
            sync.flushall();
        }
    }
}
