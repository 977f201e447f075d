package org.gridcast.server.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
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
 * after its last frame. Before login, the connection's login timeout guards it
 * ({@link org.gridcast.server.net.ConnectionGuard}).
 *
 * <p>The same pass closes sessions whose login token expired (UNAUTHENTICATED): a token is
 * checked at login only, and a phone that never disconnects would otherwise keep reading on a
 * token past its life. Closed between expiry and a tenth of the idle window after it; the
 * client logs in again and is refused until it has a new token. Revocation does not wait for
 * this: it closes sessions at once through the control channel kick (Revocations).
 */
public final class IdleSweeper implements AutoCloseable {
    private static final long MIN_PERIOD_MS = 100;

    private final SessionRegistry registry;
    private final long idleNanos;
    private final Clock clock;
    private final ScheduledFuture<?> task;

    public IdleSweeper(SessionRegistry registry, Duration idle, EventExecutor timer) {
        this(registry, idle, Clock.systemUTC(), timer);
    }

    /** @param clock the clock tokens are issued and verified with */
    public IdleSweeper(SessionRegistry registry, Duration idle, Clock clock, EventExecutor timer) {
        this.registry = registry;
        this.idleNanos = idle.toNanos();
        this.clock = clock;
        long period = Math.max(MIN_PERIOD_MS, idle.toMillis() / 10);
        this.task = timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Queues one check on every loop that holds sessions; each loop checks only its own. */
    void sweep() {
        registry.byLoop().forEach((loop, units) -> {
            if (!units.isEmpty()) {
                loop.execute(() -> sweep(units, System.nanoTime(), clock.millis()));
            }
        });
    }

    private void sweep(Map<String, Set<Session>> units, long now, long nowMs) {
        for (Set<Session> sessions : units.values()) {
            for (Session s : sessions) {
                if (s.isKicked()) {
                    continue; // the close is in progress
                }
                if (nowMs >= s.tokenExpiresAtMs()) {
                    s.kick(ErrorCode.UNAUTHENTICATED, "token expired; sign in again");
                } else if (now - s.lastReadNanos() > idleNanos) {
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
