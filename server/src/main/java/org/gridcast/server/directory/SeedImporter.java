package org.gridcast.server.directory;

import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gridcast.seeds.SeedMember;
import org.gridcast.seeds.SeedSource;
import org.gridcast.seeds.SeedUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a seed source into an empty Redis, once. Runs on a thread of its own (a source is a
 * blocking stream), pipelining in windows of {@link #WINDOW} writes: units with one HSET each,
 * members {@link #MEMBERS_PER_CALL} at a time through {@code dir_import_members.lua} (one call
 * instead of hundreds of commands, so a million members import in seconds).
 *
 * <p>The batch script names its keys itself, so it needs one Redis (not a Redis Cluster, where
 * the batch would span slots); the rest of the directory uses ordinary commands.
 */
final class SeedImporter {
    private static final Logger log = LoggerFactory.getLogger(SeedImporter.class);

    /**
     * Writes (units or members) sent before waiting for the previous window's replies: large
     * enough to keep the connection busy, small enough that a million-member import holds only
     * a window or two in memory.
     */
    static final int WINDOW = 4_000;
    /** Members per script call: keeps each call short (~1 ms) so other users of Redis are not stalled. */
    static final int MEMBERS_PER_CALL = 200;
    private static final LuaScript IMPORT_MEMBERS = LuaScript.load("dir_import_members.lua");
    /** How long the import lock lives: a node that dies mid-import frees it for the next one. */
    static final Duration LOCK_TTL = Duration.ofMinutes(10);
    /** How long a node waits for another node's import to finish. */
    static final Duration WAIT_FOR_OTHER = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long REPLY_TIMEOUT_S = 60;

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final Clock clock;

    private List<CompletionStage<?>> previous = new ArrayList<>();
    private List<CompletionStage<?>> current = new ArrayList<>();
    private int currentWeight;
    private final List<byte[]> batch = new ArrayList<>();
    private final List<String> batchKeys = new ArrayList<>();
    private int batched;
    private byte[] joined;

    SeedImporter(RedisClusterAsyncCommands<String, byte[]> redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** Blocking: call on an import thread, never on an event loop. */
    ImportResult importIfEmpty(SeedSource source) throws Exception {
        byte[] seeded = await(redis.get(RedisKeys.DIR_SEEDED));
        if (seeded != null) {
            return new ImportResult(false, 0, 0, DirectoryCodec.text(seeded), 0);
        }
        String token = UUID.randomUUID().toString();
        String locked = await(redis.set(RedisKeys.DIR_SEEDING, DirectoryCodec.bytes(token),
                SetArgs.Builder.nx().px(LOCK_TTL.toMillis())));
        if (!"OK".equals(locked)) {
            return waitForOther();
        }
        try {
            return run(source);
        } finally {
            await(redis.del(RedisKeys.DIR_SEEDING));
        }
    }

    private ImportResult run(SeedSource source) throws Exception {
        long started = System.nanoTime();
        joined = DirectoryCodec.bytes(Long.toString(clock.millis()));
        long[] counts = new long[2];
        source.forEach(u -> {
            unit(u);
            counts[0]++;
        }, m -> {
            member(m);
            counts[1]++;
        });
        flushMembers();
        drain();
        String marker = source.name() + " units=" + counts[0] + " members=" + counts[1];
        await(redis.set(RedisKeys.DIR_SEEDED, DirectoryCodec.bytes(marker)));
        await(redis.incr(RedisKeys.DIR_VERSION));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        log.info("imported seeds {} in {} ms", marker, elapsedMs);
        return new ImportResult(true, counts[0], counts[1], marker, elapsedMs);
    }

    private void unit(SeedUnit u) {
        UnitInfo info = new UnitInfo(u.id(), u.parent(), u.kind(), u.name());
        send(redis.hset(RedisKeys.dirUnit(u.id()), DirectoryCodec.unitHash(info)), 1);
        send(redis.sadd(RedisKeys.DIR_UNITS, DirectoryCodec.bytes(u.id())), 1);
    }

    private void member(SeedMember m) {
        if (batch.isEmpty()) {
            batch.add(joined);
        }
        batchKeys.add(RedisKeys.dirMember(m.id()));
        batchKeys.add(RedisKeys.dirMembersOf(m.unit()));
        batch.add(DirectoryCodec.bytes(m.id()));
        batch.add(DirectoryCodec.bytes(m.unit()));
        batch.add(DirectoryCodec.bytes(m.role().name()));
        batch.add(DirectoryCodec.bytes(m.name()));
        batch.add(DirectoryCodec.bytes(m.tag()));
        if (++batched >= MEMBERS_PER_CALL) {
            flushMembers();
        }
    }

    private void flushMembers() {
        if (batched > 0) {
            send(IMPORT_MEMBERS.run(redis, ScriptOutputType.INTEGER, batchKeys.toArray(String[]::new),
                    batch.toArray(new byte[0][])), batched);
            batch.clear();
            batchKeys.clear();
            batched = 0;
        }
    }

    /** Keeps at most two windows in flight: waits for the older one when the newer is full. */
    private void send(CompletionStage<?> write, int weight) {
        current.add(write);
        currentWeight += weight;
        if (currentWeight >= WINDOW) {
            awaitAll(previous);
            previous = current;
            current = new ArrayList<>();
            currentWeight = 0;
        }
    }

    private void drain() {
        awaitAll(previous);
        awaitAll(current);
        previous = new ArrayList<>();
        current = new ArrayList<>();
    }

    private ImportResult waitForOther() throws Exception {
        long deadline = System.nanoTime() + WAIT_FOR_OTHER.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] marker = await(redis.get(RedisKeys.DIR_SEEDED));
            if (marker != null) {
                return new ImportResult(false, 0, 0, DirectoryCodec.text(marker), 0);
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new TimeoutException("another node is still importing the seeds after " + WAIT_FOR_OTHER);
    }

    private static void awaitAll(List<CompletionStage<?>> writes) {
        for (CompletionStage<?> w : writes) {
            await(w);
        }
    }

    private static <T> T await(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        try {
            return future.get(REPLY_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("seed import interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("seed import failed: " + e.getMessage(), e);
        }
    }
}
