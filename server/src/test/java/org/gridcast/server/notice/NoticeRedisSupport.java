package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.server.GridcastException;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Shared setup of the notice ITs: one real Redis, emptied before each case, and a fixed clock. */
abstract class NoticeRedisSupport {
    static final long NOW_MS = 1_700_000_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);

    static ClientResources resources;
    static RedisConnector connector;
    static RedisLink<String, byte[]> connection;
    NoticeStore store;
    RedisClusterCommands<String, byte[]> sync;

    @BeforeAll
    static void connect() {
        resources = ClientResources.create();
        connector = new RedisConnector(TestRedis.uri(), resources);
        connection = connector.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        connector.close();
        resources.shutdown();
    }

    @BeforeEach
    void empty() {
        // same as TestRedis.flushAll(), on the open connection instead of a new client each time
        sync = connection.sync();
        sync.flushall();
        store = new NoticeStore(connection, CLOCK);
    }

    static Notice draft(String title) {
        return Notice.newBuilder()
                .setSender("staff-1").setSenderName("王主任").setKind("notice")
                .setBody(NoticeBody.newBuilder().setTitle(title).setText("请于周五前完成垃圾分类登记。").setNeedsConfirm(true))
                .build();
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }

    /** The GridcastException a stage failed with (unwrapping CompletionException). */
    static GridcastException failure(CompletionStage<?> stage) {
        try {
            await(stage);
        } catch (GridcastException e) {
            return e;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof GridcastException g) {
                return g;
            }
            throw e;
        }
        throw new AssertionError("expected a GridcastException");
    }
}
