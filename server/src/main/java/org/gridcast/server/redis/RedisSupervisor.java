package org.gridcast.server.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the private redis-server when it dies (OOM killer, a crash, a stray kill) on the same
 * port and folder, so it replays its AOF and the node's connections reconnect by themselves.
 * Without it the node stayed up with nothing behind it, broken for good. Restarts are bounded:
 * at most {@link #MAX_RESTARTS} within {@link #WINDOW}, each attempt after a growing pause; past
 * that Redis cannot be kept up (disk full, port taken, corrupt AOF) and {@code giveUp} is told,
 * for the process to exit non-zero and its own supervisor (systemd, k8s) to act.
 */
public final class RedisSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisSupervisor.class);
    /** Restarts allowed within {@link #WINDOW}; a Redis that dies more often is not going to stay up. */
    public static final int MAX_RESTARTS = 5;
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** Pause before the first attempt; doubled per failed attempt in a row, up to {@link #MAX_PAUSE}. */
    public static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    public static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final RedisServerProcess redis;
    private final Consumer<Exception> giveUp;
    private final Deque<Long> restarts = new ArrayDeque<>();
    private volatile boolean closed;

    public RedisSupervisor(RedisServerProcess redis, Consumer<Exception> giveUp) {
        this.redis = redis;
        this.giveUp = giveUp;
    }

    /** Watches the current process; call once, after it started. */
    public void start() {
        redis.onExit().thenRun(this::died);
    }

    private void died() {
        if (closed) {
            return;
        }
        Thread t = new Thread(this::restartLoop, "gridcast-redis-supervisor");
        t.setDaemon(true);
        t.start();
    }

    private void restartLoop() {
        log.error("private redis-server (port {}) died; restarting it from its AOF", redis.port());
        long pause = FIRST_PAUSE.toMillis();
        Exception last = null;
        while (!closed) {
            long now = System.nanoTime();
            while (!restarts.isEmpty() && now - restarts.peekFirst() > WINDOW.toNanos()) {
                restarts.removeFirst();
            }
            if (restarts.size() >= MAX_RESTARTS) {
                Exception e = new IllegalStateException("private redis-server could not be kept up: "
                        + MAX_RESTARTS + " restarts within " + WINDOW + "; see " + redis.dataDir().resolve("redis.log"),
                        last);
                log.error(e.getMessage());
                giveUp.accept(e);
                return;
            }
            sleep(pause);
            restarts.addLast(System.nanoTime());
            try {
                redis.restart();
                log.warn("private redis-server restarted on port {}", redis.port());
                start();
                return;
            } catch (Exception e) {
                last = e;
                log.error("restarting redis-server failed: {}", e.toString());
                pause = Math.min(pause * 2, MAX_PAUSE.toMillis());
            }
        }
    }

    /** Stops watching: the process is about to be stopped on purpose. */
    @Override
    public void close() {
        closed = true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
