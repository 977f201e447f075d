package org.gridcast.server.presence;

import org.gridcast.server.fanout.NodeFanout;
import org.gridcast.server.fanout.Routes;
import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.node.KickSession;
import org.gridcast.protocol.node.NodeMessage;
import org.gridcast.server.fanout.UnitHierarchy;
import org.gridcast.server.redis.LuaScript;
import org.gridcast.server.session.Session;
import org.gridcast.server.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's share of presence to Redis: the node lease, {@code presence:<member>}
 * device → node, and {@code node:<n>:online} counts. It counts this node's online members per
 * unit, and tells {@link Routes} (which owns the {@code route:} sets fan-out reads) when a unit's
 * local count crosses zero, at once, so a notice posted right after a login finds this node; the
 * counts and the lease go out in one batch per refresh period, never per heartbeat.
 *
 * <p>Each refresh also notes the node in the registry of node ids ({@link RedisKeys#NODES_SEEN})
 * that {@link NodeReaper} sweeps, and learns from the lease whether it had lapsed (the node was
 * paused or cut off past the TTL): a sweep may then have removed its routes and presence, so it
 * writes them all again at once, and once more when a sweep's fence on it is gone.
 */
public final class Presence implements SessionRegistry.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    private static final LuaScript CLAIM = LuaScript.load("presence_claim.lua");
    private static final LuaScript RELEASE = LuaScript.load("presence_release.lua");
    private static final LuaScript LEASE = LuaScript.load("node_lease.lua");
    private static final LuaScript SEEN = LuaScript.load("node_seen.lua");

    private final String node;
    private final byte[] nodeBytes;
    private final RedisLink<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final NodeFanout fanout;
    private final Routes routes;
    private final PresenceTimings timings;
    private final UnitCounts counts;
    private final Map<String, List<String>> countedUnits = new HashMap<>();
    private final ScheduledExecutorService scheduler;
    /** Scheduler thread only: counts as last written, lease and fence state as last seen. */
    private Map<String, Integer> written = Map.of();
    private boolean leaseSeen;
    private boolean awaitingFence;
    private Supplier<? extends Collection<Session>> sessions = List::of;

    public Presence(String node, RedisLink<String, byte[]> connection, Routes routes, UnitHierarchy hierarchy,
            PresenceTimings timings) {
        this.node = node;
        this.nodeBytes = bytes(node);
        this.connection = connection;
        this.redis = connection.async();
        this.fanout = new NodeFanout(connection);
        this.routes = routes;
        this.timings = timings;
        this.counts = new UnitCounts(hierarchy);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gridcast-presence-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    public String node() {
        return node;
    }

    /**
     * Removes what an earlier run under this node id left behind (it may have crashed), takes
     * the lease and starts the refresher. Blocking: call before accepting clients.
     *
     * @param live this node's sessions, whose presence is written again after a lapsed lease
     */
    public void start(Supplier<? extends Collection<Session>> live) {
        this.sessions = live;
        removeOwnEntries(connection.sync());
        refresh();
        long period = timings.refresh().toMillis();
        scheduler.scheduleAtFixedRate(this::refresh, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Claims the session's device for this node; if another node held it, tells that node to
     * close its session (REPLACED).
     */
    public CompletionStage<Void> claim(Session session) {
        // by digest (EVALSHA): every login runs it, and a digest is cheaper to send and look up than the text
        return CLAIM.<byte[]>run(redis, ScriptOutputType.VALUE,
                        new String[] {RedisKeys.presence(session.member())}, bytes(session.device()), nodeBytes)
                .thenCompose(old -> {
                    if (old == null || java.util.Arrays.equals(old, nodeBytes)) {
                        return CompletableFuture.completedFuture(null);
                    }
                    NodeMessage kick = NodeMessage.newBuilder().setKick(KickSession.newBuilder()
                            .setMember(session.member()).setDevice(session.device())
                            .setReason(ErrorCode.REPLACED).setExceptSession(session.id())).build();
                    return fanout.publish(new String(old, StandardCharsets.UTF_8), kick.toByteArray())
                            .thenApply(n -> (Void) null);
                });
    }

    @Override
    public synchronized void opened(Session session, boolean firstOfMember) {
        if (!firstOfMember) {
            return;
        }
        List<String> units = counts.unitsOf(session.unit());
        countedUnits.put(session.member(), units);
        routes.joined(counts.add(units));
    }

    @Override
    public synchronized void closed(Session session, boolean lastOfMember, boolean lastOfDevice) {
        if (lastOfDevice) {
            // by digest, as the claim: a reconnect storm closes every session at once
            RELEASE.run(redis, ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.presence(session.member())}, bytes(session.device()), nodeBytes);
        }
        if (!lastOfMember) {
            return;
        }
        List<String> units = countedUnits.remove(session.member());
        if (units == null) {
            return;
        }
        routes.left(counts.remove(units));
    }

    /**
     * Writes again what this node holds: every route it is in ({@link Routes#rewrite}) and the
     * presence of every live session. Called after a Redis Cluster topology change: a failover
     * loses the writes its master had not yet replicated (routes and presence are not acked to
     * anyone, so they are not waited for), and this puts them back from the node's own memory.
     * Also after this node's lease lapsed, when a sweep may have removed them ({@link NodeReaper}).
     * Idempotent; one SADD per routed unit and one HSETNX per session, pipelined.
     */
    public void reassert(java.util.Collection<Session> sessions) {
        Map<String, Integer> now;
        synchronized (this) {
            now = counts.snapshot();
        }
        routes.rewrite(now.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList());
        for (Session s : sessions) {
            // only where the entry is gone: a device that logged in on another node meanwhile
            // (while this node was paused) belongs there, and its kick is on the way here
            redis.hsetnx(RedisKeys.presence(s.member()), s.device(), nodeBytes);
        }
        onScheduler(() -> written = Map.of());   // the next refresh writes every online count again
        log.info("presence of node {} written again: {} units, {} sessions", node, now.size(), sessions.size());
    }

    /** Online members of this node in the unit's subtree, as counted locally. */
    public synchronized int localCount(String unit) {
        return counts.get(unit);
    }

    /** Stops refreshing without cleaning up, as a crash would; the lease then expires. */
    public void stopRefreshing() {
        scheduler.shutdownNow();
    }

    /** Stops refreshing and removes this node's entries (graceful shutdown). Blocking. */
    @Override
    public void close() {
        stopRefreshing();
        try {
            RedisClusterCommands<String, byte[]> sync = connection.sync();
            removeOwnEntries(sync);
            sync.del(RedisKeys.lease(node));
            sync.zrem(RedisKeys.NODES_SEEN, nodeBytes);   // nothing left for a sweep to remove
        } catch (RuntimeException e) {
            log.warn("presence cleanup of node {} failed: {}", node, e.toString());
        }
    }

    private void refresh() {
        try {
            LEASE.<List<Long>>run(redis, ScriptOutputType.MULTI,
                            new String[] {RedisKeys.lease(node), RedisKeys.nodeReaping(node)},
                            nodeBytes, bytes(Long.toString(timings.leaseTtl().toMillis())))
                    .thenAccept(state -> onScheduler(() -> afterLease(state.get(0) == 1, state.get(1) == 1)));
            SEEN.run(redis, ScriptOutputType.INTEGER, new String[] {RedisKeys.NODES_SEEN}, nodeBytes);
            writeCounts();
        } catch (RuntimeException e) {
            log.warn("presence refresh failed: {}", e.toString());
        }
    }

    /**
     * What the lease said about the time before this refresh. A lapsed lease means a sweep may
     * have taken this node out of its routes and presence ({@link NodeReaper}); a fence means one
     * is at it now, and removals it still sends could land after a rewrite, so another follows
     * once the fence is gone.
     */
    private void afterLease(boolean hadLease, boolean fenced) {
        boolean first = !leaseSeen;
        leaseSeen = true;
        if (!hadLease && !first) {
            log.warn("the lease of node {} had expired (paused or cut off longer than {}); writing its routes and"
                    + " presence again", node, timings.leaseTtl());
            writeAllAgain();
        } else if (awaitingFence && !fenced) {
            log.info("the sweep that found node {} dead has ended; writing its routes and presence again", node);
            writeAllAgain();
        }
        awaitingFence = fenced;
    }

    private void writeAllAgain() {
        reassert(sessions.get());
        written = Map.of();
        writeCounts();
    }

    private void onScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException stopped) {
            // stopping: nothing to write any more
        }
    }

    /** Writes only the counts that changed since the last batch. */
    private void writeCounts() {
        Map<String, Integer> now;
        synchronized (this) {
            now = counts.snapshot();
        }
        Map<String, byte[]> changed = new HashMap<>();
        now.forEach((unit, n) -> {
            if (!n.equals(written.get(unit))) {
                changed.put(unit, bytes(Integer.toString(n)));
            }
        });
        String[] gone = written.keySet().stream().filter(u -> !now.containsKey(u)).toArray(String[]::new);
        if (!changed.isEmpty()) {
            redis.hset(RedisKeys.online(node), changed);
        }
        if (gone.length > 0) {
            redis.hdel(RedisKeys.online(node), gone);
        }
        written = now;
    }

    private void removeOwnEntries(RedisClusterCommands<String, byte[]> sync) {
        sync.del(RedisKeys.online(node));
        routes.leaveAll();
        HeldDevices.release(sync, node);
        written = Map.of();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
