package org.gridcast.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    @Test
    void allowsTheBurstThenTheRate() {
        TokenBucket bucket = new TokenBucket(50, 100, 0);
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
        TokenBucket bucket = new TokenBucket(50, 3, 0);
        long later = 3_600_000_000_000L;
        int taken = 0;
        while (bucket.tryTake(later)) {
            taken++;
        }
        assertThat(taken).isEqualTo(3);
    }
}
