package org.gridcast.loadtest.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gridcast.client.Backoff;
import org.junit.jupiter.api.Test;

class RetryingTest {
    private final ManualTimer timer = new ManualTimer();
    /** When each attempt started, in the timer's milliseconds. */
    private final List<Long> starts = new ArrayList<>();
    /** What the listener was told: the failed attempt and the delay before the next. */
    private final List<long[]> retries = new ArrayList<>();
    private final Retrying.Listener listener = (attempt, failure, delay) -> retries.add(new long[] {attempt, delay});

    private static Retrying.Policy policy(long baseMs, long capMs, double random, int attempts, long giveUpMs, long timeoutMs) {
        return new Retrying.Policy(new Backoff(Duration.ofMillis(baseMs), Duration.ofMillis(capMs), () -> random),
                attempts, Duration.ofMillis(giveUpMs), Duration.ofMillis(timeoutMs));
    }

    private Retrying.Attempt<String> failing(Throwable error) {
        return n -> {
            starts.add(timer.millis());
            return CompletableFuture.failedFuture(error);
        };
    }

    /** The failure a future completed with (Java 17 has no exceptionNow). */
    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.getNow(null);
            throw new AssertionError("not failed");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    @Test
    void backsOffExponentiallyWithJitterUpToTheCapAndStopsAfterMaxAttempts() {
        IOException refused = new IOException("UNAVAILABLE: server busy");
        Retrying r = new Retrying(policy(100, 1_000, 0.5, 6, 3_600_000, 60_000), e -> true, timer);

        CompletableFuture<String> done = r.run(failing(refused), listener);
        timer.advance(10_000);

        // ceilings 100, 200, 400, 800, 1000 (capped); full jitter drawn at 0.5 is half of each
        assertThat(retries).extracting(x -> x[1]).containsExactly(50L, 100L, 200L, 400L, 500L);
        assertThat(retries).extracting(x -> x[0]).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(starts).containsExactly(0L, 50L, 150L, 350L, 750L, 1_250L);
        assertThat(done).isCompletedExceptionally();
        assertThat(failure(done)).isSameAs(refused);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void jitterSpansTheWholeWindowFromZeroToTheCeiling() {
        Retrying low = new Retrying(policy(100, 1_000, 0.0, 3, 60_000, 60_000), e -> true, timer);
        low.run(failing(new IOException("x")), listener);
        timer.advance(10);
        assertThat(starts).containsExactly(0L, 0L, 0L);
        assertThat(retries).extracting(x -> x[1]).containsExactly(0L, 0L);
    }

    @Test
    void aFailureThatWillNotChangeIsNotRetried() {
        IOException refused = new IOException("UNAUTHENTICATED: bad token");
        Retrying r = new Retrying(policy(100, 1_000, 0.5, 10, 60_000, 60_000),
                e -> !e.getMessage().startsWith("UNAUTHENTICATED"), timer);

        CompletableFuture<String> done = r.run(failing(refused), listener);
        timer.advance(10_000);

        assertThat(starts).containsExactly(0L);
        assertThat(retries).isEmpty();
        assertThat(failure(done)).isSameAs(refused);
    }

    @Test
    void noAttemptStartsPastTheGiveUpTime() {
        // base = cap = 1 s, drawn at the ceiling: attempts at 0, 1 s, 2 s; a fourth at 3 s would pass 2.5 s
        Retrying r = new Retrying(policy(1_000, 1_000, 1.0, 100, 2_500, 60_000), e -> true, timer);

        CompletableFuture<String> done = r.run(failing(new IOException("UNAVAILABLE")), listener);
        timer.advance(60_000);

        assertThat(starts).containsExactly(0L, 1_000L, 2_000L);
        assertThat(done).isCompletedExceptionally();
    }

    @Test
    void anAttemptUnansweredPastItsTimeoutFailsSoItsOwnerCanCloseItAndIsRetried() {
        Retrying r = new Retrying(policy(100, 100, 1.0, 3, 60_000, 5_000), e -> true, timer);
        List<CompletableFuture<String>> attempts = new ArrayList<>();
        AtomicBoolean closed = new AtomicBoolean();

        CompletableFuture<String> done = r.run(n -> {
            starts.add(timer.millis());
            CompletableFuture<String> f = new CompletableFuture<>();
            if (n == 0) {
                f.whenComplete((v, e) -> closed.set(e != null)); // as a login closes its connection
            } else {
                f.complete("second");
            }
            attempts.add(f);
            return f;
        }, listener);

        timer.advance(4_999);
        assertThat(done).isNotDone();
        assertThat(closed).isFalse();
        timer.advance(1);
        assertThat(failure(attempts.get(0))).isInstanceOf(TimeoutException.class);
        assertThat(closed).isTrue();
        timer.advance(100);

        assertThat(starts).containsExactly(0L, 5_100L);
        assertThat(done).isCompletedWithValue("second");
        assertThat(attempts.get(0).complete("late")).isFalse(); // a late answer changes nothing
        assertThat(timer.pending()).isZero(); // the second attempt's timeout was cancelled
    }

    @Test
    void succeedsOnTheFirstAttemptThatSucceedsAndReportsEachRetry() {
        Retrying r = new Retrying(policy(100, 1_000, 1.0, 5, 60_000, 60_000), e -> true, timer);

        CompletableFuture<String> done = r.run(n -> {
            starts.add(timer.millis());
            return n < 2 ? CompletableFuture.failedFuture(new IOException("UNAVAILABLE"))
                    : CompletableFuture.completedFuture("ok " + n);
        }, listener);
        timer.advance(10_000);

        assertThat(done).isCompletedWithValue("ok 2");
        assertThat(starts).containsExactly(0L, 100L, 300L);
        assertThat(retries).hasSize(2);
    }

    @Test
    void anAttemptThatThrowsCountsAsAFailedAttempt() {
        Retrying r = new Retrying(policy(100, 1_000, 1.0, 2, 60_000, 60_000), e -> true, timer);
        IllegalStateException boom = new IllegalStateException("no address left");

        CompletableFuture<String> done = r.run(n -> {
            starts.add(timer.millis());
            throw boom;
        }, listener);
        timer.advance(10_000);

        assertThat(starts).containsExactly(0L, 100L);
        assertThat(failure(done)).isSameAs(boom);
    }

    @Test
    void theFailureHandedBackIsUnwrapped() {
        IOException cause = new IOException("UNAVAILABLE");
        Retrying r = new Retrying(policy(100, 1_000, 1.0, 1, 60_000, 60_000), e -> true, timer);

        CompletableFuture<String> done = r.run(n -> CompletableFuture.<String>failedFuture(cause).thenApply(s -> s), listener);

        assertThat(failure(done)).isSameAs(cause);
    }
}
