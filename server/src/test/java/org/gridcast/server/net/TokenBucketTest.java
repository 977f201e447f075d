package org.gridcast.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    /** One connection's bucket: the state a connection keeps in a field, with the shared rule. */
    private static final class Holder {
        private final TokenBucket rule;
        private long state;

        Holder(TokenBucket rule, long nowNanos) {
            this.rule = rule;
            this.state = rule.full(nowNanos);
        }

        boolean tryTake(long nowNanos) {
            if (!rule.hasToken(state, nowNanos)) {
                return false;
            }
            state = rule.take(state, nowNanos);
            return true;
        }
    }

    @Test
    void allowsTheBurstThenTheRate() {
        Holder bucket = new Holder(new TokenBucket(50, 100), 0);
        int taken = 0;
        for (int i = 0; i < 150; i++) {
            if (bucket.tryTake(0)) {
                taken++;
            }
        }
        assertThat(taken).isEqualTo(100);
        assertThat(bucket.tryTake(10_000_000)).isFalse();   // 10 ms: half a token
        assertThat(bucket.tryTake(20_000_000)).isTrue();    // 20 ms: one token
        assertThat(bucket.tryTake(20_000_000)).isFalse();
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        Holder bucket = new Holder(new TokenBucket(50, 3), 0);
        long later = 3_600_000_000_000L;
        int taken = 0;
        while (bucket.tryTake(later)) {
            taken++;
        }
        assertThat(taken).isEqualTo(3);
    }

    @Test
    void worksAcrossNegativeAndWrappingNanoTimes() {
        // System.nanoTime may be negative, and differences are what count
        long start = Long.MAX_VALUE - 5_000_000;   // 5 ms before the long wraps
        Holder bucket = new Holder(new TokenBucket(1_000, 2), start);
        assertThat(bucket.tryTake(start)).isTrue();
        assertThat(bucket.tryTake(start)).isTrue();
        assertThat(bucket.tryTake(start)).isFalse();
        long afterWrap = start + 10_000_000;        // 10 ms later: negative, and the bucket full
        assertThat(afterWrap).isNegative();
        int taken = 0;
        while (bucket.tryTake(afterWrap)) {
            taken++;
        }
        assertThat(taken).isEqualTo(2);
    }

    @Test
    void aRefusedRequestCostsNothing() {
        Holder bucket = new Holder(new TokenBucket(10, 1), 0);
        assertThat(bucket.tryTake(0)).isTrue();
        for (long t = 0; t < 100_000_000; t += 1_000_000) {
            assertThat(bucket.tryTake(t)).isFalse();
        }
        assertThat(bucket.tryTake(100_000_000)).isTrue();   // 100 ms after the first: one token
    }
}
