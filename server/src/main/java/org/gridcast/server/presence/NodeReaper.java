package org.gridcast.server.presence;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gridcast.server.redis.LuaScript;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the routes and presence of node ids that stopped for good: a node taken out of the
 * deployment, or one that crashed and was replaced under a new id. Nothing else would: only a
 * run under the same id takes back what a crash left ({@code Routes.leaveAll}), and a route that
 * names a dead node costs a publish nobody hears on every notice to its unit.
 *
 * <p>Every live node sweeps ({@link NodeReaping#sweepEvery}). The registry
 * ({@link RedisKeys#NODES_SEEN}) holds each node id with the time of its last lease refresh by the
 * registry's own Redis clock; a sweep takes the ids not seen for the lease TTL plus the
 * {@link NodeReaping#grace}, and for each:
 * <ol>
 *   <li>in the node's slot, only if its lease is gone and no other sweep is at it, sets a fence
 *       ({@code node:{node:N}:reaping}) and reads the units its routes name;
 *   <li>takes the node out of each unit's route (one SREM each, in the unit's slot) and drops the
 *       devices it holds in presence hashes (a SCAN, conditional drops);
 *   <li>in the node's slot again, deletes its route list and online counts and the fence, unless
 *       the node came back meanwhile;
 *   <li>forgets the id, unless it was seen alive again since.
 * </ol>
 * Several sweeps at once are safe: the fence lets one work on a node; every step is idempotent, so
 * a sweep that dies midway is redone by the next once the fence expires. A node that was only
 * paused past its lease (a long GC, a network cut) and comes back sees, when it renews its lease,
 * that the lease had lapsed and whether a fence is up, and writes its routes and presence again
 * at once and once more after the fence is gone ({@link Presence}), so a sweep's late removals
 * cannot outlast it.
 */
public final class NodeReaper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeReaper.class);
    private static final LuaScript STALE = LuaScript.load("nodes_stale.lua");
    private static final LuaScript FORGET = LuaScript.load("nodes_forget.lua");
    private static final LuaScript BEGIN = LuaScript.load("node_reap_begin.lua");
    private static final LuaScript END = LuaScript.load("node_reap_end.lua");
    /** Dead ids handled per sweep: a mass removal is spread over several sweeps. */
    static final int MAX_PER_SWEEP = 10;
    /**
     * How long a sweep may hold a node's fence. A sweep that is still at it after half of this
     * stops sending removals (it may have been paused itself) and leaves the node to a later one.
     */
    static final Duration FENCE_TTL = Duration.ofMinutes(5);

    private final String self;
    private final RedisLink<String, byte[]> link;
    private final Duration staleAfter;
    private final NodeReaping reaping;
    private final ScheduledExecutorService scheduler;

    public NodeReaper(String self, RedisLink<String, byte[]> link, PresenceTimings timings, NodeReaping reaping) {
        this.self = self;
        this.link = link;
        this.staleAfter = timings.leaseTtl().plus(reaping.grace());
        this.reaping = reaping;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gridcast-reaper-" + self);
            t.setDaemon(true);
            return t;
        });
    }

    /** Sweeps every {@link NodeReaping#sweepEvery}, the first time after one period. */
    public void start() {
        long period = reaping.sweepEvery().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("node sweep failed: {}", e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** One sweep; blocking. Returns the node ids whose routes and presence it removed. */
    public List<String> sweep() {
        RedisClusterCommands<String, byte[]> sync = link.sync();
        List<byte[]> stale = sync.eval(STALE.body(), ScriptOutputType.MULTI, new String[] {RedisKeys.NODES_SEEN},
                ms(staleAfter), bytes(Integer.toString(MAX_PER_SWEEP)));
        List<String> reaped = new ArrayList<>();
        for (byte[] id : stale) {
            String node = new String(id, StandardCharsets.UTF_8);
            if (!node.equals(self) && reap(sync, node)) {
                reaped.add(node);
            }
        }
        return reaped;
    }

    private boolean reap(RedisClusterCommands<String, byte[]> sync, String node) {
        long started = System.nanoTime();
        byte[] token = bytes(self + "/" + UUID.randomUUID());
        List<Object> begun = sync.eval(BEGIN.body(), ScriptOutputType.MULTI,
                new String[] {RedisKeys.lease(node), RedisKeys.nodeReaping(node), RedisKeys.nodeRoutes(node)},
                token, ms(FENCE_TTL));
        if (((Long) begun.get(0)) == 0) {
            return false;   // alive again, or another sweep is at it
        }
        List<CompletableFuture<Long>> removals = new ArrayList<>();
        for (Object unit : begun.subList(1, begun.size())) {
            String u = new String((byte[]) unit, StandardCharsets.UTF_8);
            removals.add(link.async().srem(RedisKeys.route(u), bytes(node)).toCompletableFuture());
        }
        CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).join();
        long devices = withinFence(started) ? HeldDevices.release(sync, node) : 0;
        if (!withinFence(started)) {
            log.warn("sweep of node {} took over half its fence; a later sweep finishes it", node);
            return false;
        }
        Long ended = sync.eval(END.body(), ScriptOutputType.INTEGER, new String[] {RedisKeys.lease(node),
                RedisKeys.nodeReaping(node), RedisKeys.nodeRoutes(node), RedisKeys.online(node)}, token);
        if (ended == null || ended != 2) {
            log.info("node {} came back while its routes were being removed; it writes them again", node);
            return false;
        }
        sync.eval(FORGET.body(), ScriptOutputType.INTEGER, new String[] {RedisKeys.NODES_SEEN}, bytes(node),
                ms(staleAfter));
        log.info("node {} not seen for over {} : removed it from {} routes and {} device entries, forgot its id",
                node, staleAfter, removals.size(), devices);
        return true;
    }

    private static boolean withinFence(long startedNanos) {
        return System.nanoTime() - startedNanos < FENCE_TTL.toNanos() / 2;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private static byte[] ms(Duration d) {
        return bytes(Long.toString(d.toMillis()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
