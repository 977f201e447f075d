package org.gridcast.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.gridcast.protocol.Envelope.BodyCase;
import org.junit.jupiter.api.Test;

class FailureSummaryTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(123 * SECOND);
    private final FailureSummary summary = new FailureSummary("storage unavailable", Duration.ofSeconds(10), now::get);

    @Test
    void theFirstFailureIsReportedAtOnce() {
        assertThat(summary.record(BodyCase.LOGIN, "RedisCommandTimeoutException: 5 s"))
                .contains("storage unavailable: 1 request failed {LOGIN=1}; latest: RedisCommandTimeoutException: 5 s");
    }

    @Test
    void failuresWithinTheIntervalAreCountedPerKindAndReportedWithTheFirstOneAfterIt() {
        summary.record(BodyCase.LOGIN, "first");
        for (int i = 0; i < 2_999; i++) {
            now.addAndGet(1_000_000); // 1 ms apart: 3 s in all
            assertThat(summary.record(i % 3 == 0 ? BodyCase.FETCH : BodyCase.LOGIN, "x" + i)).isEmpty();
        }
        now.set(123 * SECOND + 10 * SECOND - 1);
        assertThat(summary.record(BodyCase.LOGIN, "just before")).isEmpty();

        now.set(123 * SECOND + 10 * SECOND);
        // 2,999 after the first line (1,000 fetches, 1,999 logins) + the one just before + this one
        assertThat(summary.record(BodyCase.PING, "after"))
                .contains("storage unavailable: 3001 requests failed in the last 10 s {LOGIN=2000, PING=1, FETCH=1000}; latest: after");
    }

    @Test
    void theCountStartsAgainAfterEveryLine() {
        summary.record(BodyCase.LOGIN, "a");
        now.addAndGet(11 * SECOND);
        assertThat(summary.record(BodyCase.LOGIN, "b")).contains("storage unavailable: 1 request failed in the last 11 s {LOGIN=1}; latest: b");
        now.addAndGet(SECOND);
        assertThat(summary.record(BodyCase.FETCH, "c")).isEmpty();
        now.addAndGet(10 * SECOND);
        assertThat(summary.record(BodyCase.FETCH, "d")).contains("storage unavailable: 2 requests failed in the last 11 s {FETCH=2}; latest: d");
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new FailureSummary("x", Duration.ZERO, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
