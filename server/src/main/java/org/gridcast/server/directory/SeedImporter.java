package org.gridcast.server.directory;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * blocking stream), pipelining commands in windows of {@link #WINDOW}: one HSET per unit and
 * member, one SADD per run of members of the same unit.
 */
final class SeedImporter {
    private static final Logger log = LoggerFactory.getLogger(SeedImporter.class);

    /**
     * Commands sent before waiting for the previous window's replies: large enough to keep the
     * connection busy, small enough that a million-member import holds only a window in memory.
     */
    static final int WINDOW = 4_000;
    /** Members per SADD: keeps each command small so other users of the connection are not stalled. */
    static final int SADD_BATCH = 500;
    /** How long the import lock lives: a node that dies mid-import frees it for the next one. */
    static final Duration LOCK_TTL = Duration.ofMinutes(10);
    /** How long a node waits for another node's import to finish. */
    static final Duration WAIT_FOR_OTHER = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long REPLY_TIMEOUT_S = 60;

    private final RedisAsyncCommands<String, byte[]> redis;
    private final Clock clock;

    private List<RedisFuture<?>> previous = new ArrayList<>();
    private List<RedisFuture<?>> current = new ArrayList<>();
    private String runUnit;
    private final List<byte[]> run = new ArrayList<>();

    SeedImporter(RedisAsyncCommands<String, byte[]> redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** Blocking: call on an import thread, never on an event loop. */
    ImportResult importIfEmpty(SeedSource source) throws Exception {
        byte[] seeded = await(redis.get(DirectoryKeys.SEEDED));
        if (seeded != null) {
            return new ImportResult(false, 0, 0, DirectoryCodec.text(seeded), 0);
        }
        String token = UUID.randomUUID().toString();
        String locked = await(redis.set(DirectoryKeys.SEEDING, DirectoryCodec.bytes(token),
                SetArgs.Builder.nx().px(LOCK_TTL.toMillis())));
        if (!"OK".equals(locked)) {
            return waitForOther();
        }
        try {
            return run(source);
        } finally {
            await(redis.del(DirectoryKeys.SEEDING));
        }
    }

    private ImportResult run(SeedSource source) throws Exception {
        long started = System.nanoTime();
        long joined = clock.millis();
        byte[] joinedBytes = DirectoryCodec.bytes(Long.toString(joined));
        long[] counts = new long[2];
        source.forEach(u -> {
            unit(u);
            counts[0]++;
        }, m -> {
            member(m, joinedBytes);
            counts[1]++;
        });
        flushRun();
        drain();
        String marker = source.name() + " units=" + counts[0] + " members=" + counts[1];
        await(redis.set(DirectoryKeys.SEEDED, DirectoryCodec.bytes(marker)));
        await(redis.incr(DirectoryKeys.VERSION));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        log.info("imported seeds {} in {} ms", marker, elapsedMs);
        return new ImportResult(true, counts[0], counts[1], marker, elapsedMs);
    }

    private void unit(SeedUnit u) {
        UnitInfo info = new UnitInfo(u.id(), u.parent(), u.kind(), u.name());
        send(redis.hset(DirectoryKeys.unit(u.id()), DirectoryCodec.unitHash(info)));
        send(redis.sadd(DirectoryKeys.UNITS, DirectoryCodec.bytes(u.id())));
    }

    private void member(SeedMember m, byte[] joined) {
        MemberInfo info = new MemberInfo(m.id(), m.unit(), m.role(), m.name(), m.tag(), 0);
        var hash = DirectoryCodec.memberHash(info);
        hash.put(DirectoryKeys.F_JOINED, joined);
        send(redis.hset(DirectoryKeys.member(m.id()), hash));
        if (!m.unit().equals(runUnit) || run.size() >= SADD_BATCH) {
            flushRun();
            runUnit = m.unit();
        }
        run.add(DirectoryCodec.bytes(m.id()));
    }

    private void flushRun() {
        if (!run.isEmpty()) {
            send(redis.sadd(DirectoryKeys.membersOf(runUnit), run.toArray(new byte[0][])));
            run.clear();
        }
    }

    /** Keeps at most two windows in flight: waits for the older one when the newer is full. */
    private void send(RedisFuture<?> future) {
        current.add(future);
        if (current.size() >= WINDOW) {
            awaitAll(previous);
            previous = current;
            current = new ArrayList<>(WINDOW);
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
            byte[] marker = await(redis.get(DirectoryKeys.SEEDED));
            if (marker != null) {
                return new ImportResult(false, 0, 0, DirectoryCodec.text(marker), 0);
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new TimeoutException("another node is still importing the seeds after " + WAIT_FOR_OTHER);
    }

    private static void awaitAll(List<RedisFuture<?>> futures) {
        for (RedisFuture<?> f : futures) {
            await(f);
        }
    }

    private static <T> T await(RedisFuture<T> future) {
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
