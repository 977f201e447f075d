package org.gridcast.server.net;

/**
 * A token bucket of {@code burst} tokens refilled at {@code perSecond}, as a rule without state:
 * each user of the bucket keeps one {@code long}, the time (System.nanoTime) at which its bucket
 * is full again, and passes it in. That is the virtual-scheduling form of the same bucket
 * (GCRA): a token is there when the full-again time is at most {@code burst − 1} refill
 * intervals ahead of now, and taking one moves it an interval later.
 *
 * <p>Why not tokens and a refill time in an object per connection: an idle phone holds its
 * connection for hours, and that object was 48 bytes of each one's heap; one field is 8.
 */
public final class TokenBucket {
    /** Time to refill one token. */
    private final long intervalNanos;
    /** How far ahead of now the full-again time may be while a token is left: burst − 1 tokens. */
    private final long toleranceNanos;

    public TokenBucket(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("need a positive rate and burst >= 1");
        }
        this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
        this.toleranceNanos = (burst - 1) * intervalNanos;
    }

    /** The state of a bucket that is full at {@code nowNanos}. */
    public long full(long nowNanos) {
        return nowNanos;
    }

    /** True when the bucket in {@code state} holds a token at {@code nowNanos}. */
    public boolean hasToken(long state, long nowNanos) {
        return state - nowNanos <= toleranceNanos;
    }

    /** The state after taking a token at {@code nowNanos}; only when {@link #hasToken}. */
    public long take(long state, long nowNanos) {
        // a bucket full since before now is full from now: unused time does not pile up tokens
        return (state - nowNanos > 0 ? state : nowNanos) + intervalNanos;
    }
}
