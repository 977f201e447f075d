package org.gridcast.server.net;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A count of requests being worked on with a ceiling: {@link #tryAcquire()} takes a slot or
 * refuses at once, {@link #release()} gives it back. The dispatcher holds one for the whole node
 * and one per request kind that needs a tighter bound (logins). {@link #reason()} is a fixed
 * label for the shed metric, never anything a client sent.
 */
public final class InFlightLimit {
    private final String reason;
    private final int max;
    private final String busyMessage;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param reason fixed metric label value (e.g. "in_flight", "logins")
     * @param max requests at once, at least 1
     * @param busyMessage what a refused request is told (with code UNAVAILABLE)
     */
    public InFlightLimit(String reason, int max, String busyMessage) {
        if (max < 1) {
            throw new IllegalArgumentException(reason + " limit must be >= 1, got " + max);
        }
        this.reason = reason;
        this.max = max;
        this.busyMessage = busyMessage;
    }

    /** Takes a slot; false (and nothing taken) when {@link #max()} are in flight already. */
    public boolean tryAcquire() {
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a slot taken by a successful {@link #tryAcquire()}; exactly once per slot. */
    public void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int max() {
        return max;
    }

    public String reason() {
        return reason;
    }

    public String busyMessage() {
        return busyMessage;
    }
}
