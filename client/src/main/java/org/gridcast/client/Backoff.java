package org.gridcast.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the delay before attempt n (0-based) is uniform in
 * [0, min(cap, base * 2^n)]. Full jitter rather than "ceiling plus a little" because after a server
 * restart every phone reconnects at once; spreading over the whole window flattens that peak.
 */
public final class Backoff {

    /** Doubling stops here; base * 2^20 is far past any sensible cap and cannot overflow. */
    private static final int MAX_DOUBLINGS = 20;

    private final long baseMillis;
    private final long capMillis;
    private final DoubleSupplier random;

    /** @param random values in [0, 1); injectable so tests can check the bounds exactly */
    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
        if (baseMillis <= 0 || capMillis < baseMillis) {
            throw new IllegalArgumentException("need 0 < base <= cap: " + base + ", " + cap);
        }
    }

    public Backoff(ClientOptions options) {
        this(options.reconnectBackoffBase(), options.reconnectBackoffCap(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Upper bound of the delay before the given attempt. */
    public Duration ceiling(int attempt) {
        int doublings = Math.max(0, Math.min(attempt, MAX_DOUBLINGS));
        return Duration.ofMillis(Math.min(capMillis, baseMillis << doublings));
    }

    /** The jittered delay before the given attempt. */
    public Duration delay(int attempt) {
        double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
        return Duration.ofMillis((long) (r * ceiling(attempt).toMillis()));
    }
}
