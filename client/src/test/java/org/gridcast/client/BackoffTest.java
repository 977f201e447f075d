package org.gridcast.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration BASE = Duration.ofMillis(500);
    private static final Duration CAP = Duration.ofSeconds(30);

    @Test
    void ceilingDoublesFromTheBaseUpToTheCap() {
        Backoff b = new Backoff(BASE, CAP, () -> 0.5);
        assertThat(b.ceiling(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.ceiling(1)).isEqualTo(Duration.ofMillis(1000));
        assertThat(b.ceiling(5)).isEqualTo(Duration.ofMillis(16_000));
        assertThat(b.ceiling(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.ceiling(1_000_000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.ceiling(-3)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void fullJitterSpansZeroToTheCeiling() {
        assertThat(new Backoff(BASE, CAP, () -> 0.0).delay(3)).isEqualTo(Duration.ZERO);
        assertThat(new Backoff(BASE, CAP, () -> 0.5).delay(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(new Backoff(BASE, CAP, () -> 0.999_999).delay(10)).isEqualTo(Duration.ofMillis(29_999));
    }

    @Test
    void randomDelaysStayWithinTheirBoundsAndSpreadOut() {
        Random random = new Random(42);
        Backoff b = new Backoff(BASE, CAP, random::nextDouble);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long d = b.delay(20).toMillis();
            assertThat(d).isBetween(0L, 30_000L);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        // 10,000 uniform draws over [0, 30 s]: both ends of the window are reached closely.
        assertThat(min).isLessThan(100);
        assertThat(max).isGreaterThan(29_900);
    }

    @Test
    void defaultsComeFromTheOptions() {
        Backoff b = new Backoff(ClientOptions.defaults());
        assertThat(b.ceiling(0)).isEqualTo(ClientOptions.DEFAULT_RECONNECT_BACKOFF_BASE);
        assertThat(b.ceiling(100)).isEqualTo(ClientOptions.DEFAULT_RECONNECT_BACKOFF_CAP);
    }
}
