package org.gridcast.server.presence;

import org.gridcast.server.fanout.NodeFanout;
import org.gridcast.server.fanout.Routes;
import org.gridcast.server.redis.RedisKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 */
public final class Presence implements SessionRegistry.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    private static final LuaScript CLAIM = LuaScript.load("presence_claim.lua");
    private static final LuaScript RELEASE = LuaScript.load("presence_release.lua");
    /** Keys per SCAN step of the startup cleanup; small steps keep Redis responsive. */
    private static final int SCAN_BATCH = 500;

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
    private Map<String, Integer> written = Map.of();

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
     */
    public void start() {
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
            redis.eval(RELEASE.body(), ScriptOutputType.INTEGER,
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
     * Idempotent; one SADD per routed unit and one HSET per session, pipelined.
     */
    public void reassert(java.util.Collection<Session> sessions) {
        Map<String, Integer> now;
        synchronized (this) {
            now = counts.snapshot();
        }
        routes.rewrite(now.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList());
        for (Session s : sessions) {
            redis.hset(RedisKeys.presence(s.member()), s.device(), nodeBytes);
        }
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
        } catch (RuntimeException e) {
            log.warn("presence cleanup of node {} failed: {}", node, e.toString());
        }
    }

    private void refresh() {
        try {
            redis.set(RedisKeys.lease(node), nodeBytes,
                    io.lettuce.core.SetArgs.Builder.px(timings.leaseTtl().toMillis()));
            writeCounts();
        } catch (RuntimeException e) {
            log.warn("presence refresh failed: {}", e.toString());
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
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs args = ScanArgs.Builder.matches(RedisKeys.presence("*")).limit(SCAN_BATCH);
        do {
            KeyScanCursor<String> page = sync.scan(cursor, args);
            for (String key : page.getKeys()) {
                sync.hgetall(key).forEach((device, holder) -> {
                    if (java.util.Arrays.equals(holder, nodeBytes)) {
                        sync.hdel(key, device);
                    }
                });
            }
            cursor = page;
        } while (!cursor.isFinished());
        written = Map.of();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
