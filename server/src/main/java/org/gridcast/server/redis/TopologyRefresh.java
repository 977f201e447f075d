package org.gridcast.server.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster client for a new slot map as soon as an acked write fails in a way a stale map
 * explains, instead of waiting for the periodic refresh.
 *
 * <p>{@link DurableWrites} picks the master of a slot from Lettuce's slot map and writes over
 * that master's own connection. After a kill -9 the map names the dead master until something
 * refreshes it: Lettuce's adaptive triggers fire on redirects of routed commands and on repeated
 * reconnects, but a refresh that ran before the replica was promoted finds the same map, and the
 * next one waits for the next trigger or the periodic {@link RedisConnector#DEFAULT_TOPOLOGY_REFRESH}.
 * Meanwhile each retry of the client's post fails the same way. So each such failure asks for a
 * refresh itself, at most one per {@link #DEFAULT_MIN_GAP}, so a burst of failed posts costs one
 * round of CLUSTER NODES, not one per post.
 *
 * <p>What counts as a sign: a lost or refused connection, a timeout, a WAIT that too few replicas
 * acknowledged (the master may have been demoted, or its replica moved), and the cluster's own
 * redirect or failover errors (MOVED, ASK, READONLY, CLUSTERDOWN, TRYAGAIN, MASTERDOWN) that a
 * node connection does not follow. A script's own error (a bad argument, a Lua error) is not.
 */
public final class TopologyRefresh {
    private static final Logger log = LoggerFactory.getLogger(TopologyRefresh.class);
    /** Same rate as Lettuce's adaptive refreshes ({@link RedisConnector#ADAPTIVE_REFRESH_TIMEOUT}). */
    public static final Duration DEFAULT_MIN_GAP = RedisConnector.ADAPTIVE_REFRESH_TIMEOUT;
    private static final String[] CLUSTER_ERRORS = {"MOVED", "ASK", "READONLY", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN"};
    /** For a link to a single Redis: there is no slot map to refresh. */
    public static final TopologyRefresh NONE = new TopologyRefresh(null, DEFAULT_MIN_GAP);

    private final RedisClusterClient client;
    private final long minGapNanos;
    /** System.nanoTime() of the last refresh asked for; only compared by difference. */
    private final AtomicLong last = new AtomicLong();
    private final AtomicLong asked = new AtomicLong();

    public TopologyRefresh(RedisClusterClient client, Duration minGap) {
        this.client = client;
        this.minGapNanos = minGap.toNanos();
        this.last.set(System.nanoTime() - minGapNanos);
    }

    /**
     * Called with the failure of an acked write; asks for a refresh when the failure is a sign of
     * a stale slot map and none was asked for within the minimum gap. Never blocks.
     */
    public void afterFailure(Throwable failure) {
        if (client == null || !staleMapSign(failure)) {
            return;
        }
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous < minGapNanos || !last.compareAndSet(previous, now)) {
            return;   // one was asked for just now, by this failure's neighbours
        }
        asked.incrementAndGet();
        log.info("asking for a new Redis Cluster slot map after a failed write: {}", unwrap(failure).toString());
        client.refreshPartitionsAsync().whenComplete((done, error) -> {
            if (error != null) {
                log.warn("slot map refresh failed: {}", unwrap(error).toString());
            }
        });
    }

    /** Refreshes asked for so far (the periodic and Lettuce's adaptive ones not counted). */
    public long asked() {
        return asked.get();
    }

    static boolean staleMapSign(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RedisCommandExecutionException) {
            String message = String.valueOf(cause.getMessage());
            for (String error : CLUSTER_ERRORS) {
                if (message.startsWith(error)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
