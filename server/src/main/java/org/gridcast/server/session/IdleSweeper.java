package org.gridcast.server.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.ErrorCode;

/**
 * Closes sessions that sent nothing for the idle window (missed heartbeats) with IDLE_TIMEOUT.
 * A sweep every tenth of the window walks each event loop's sessions on that loop, instead of
 * a handler and a timer per connection: at a million idle phones those were ~220 bytes each
 * (scripts/heap-per-connection.sh). A session is closed between one window and 1.1 windows
 * after its last frame. Before login, the login gate's timeout guards the connection.
 */
public final class IdleSweeper implements AutoCloseable {
    private static final long MIN_PERIOD_MS = 100;

    private final SessionRegistry registry;
    private final long idleNanos;
    private final ScheduledFuture<?> task;

    public IdleSweeper(SessionRegistry registry, Duration idle, EventExecutor timer) {
        this.registry = registry;
        this.idleNanos = idle.toNanos();
        long period = Math.max(MIN_PERIOD_MS, idle.toMillis() / 10);
        this.task = timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Queues one check on every loop that holds sessions; each loop checks only its own. */
    void sweep() {
        registry.byLoop().forEach((loop, units) -> {
            if (!units.isEmpty()) {
                loop.execute(() -> sweep(units, System.nanoTime()));
            }
        });
    }

    private void sweep(Map<String, Set<Session>> units, long now) {
        for (Set<Session> sessions : units.values()) {
            for (Session s : sessions) {
                if (now - s.lastReadNanos() > idleNanos) {
                    s.touch(); // kicked once: the next sweeps leave it to the close in progress
                    s.kick(ErrorCode.IDLE_TIMEOUT, "no heartbeat");
                }
            }
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
