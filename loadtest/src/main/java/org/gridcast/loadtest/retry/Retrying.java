package org.gridcast.loadtest.retry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.gridcast.client.Backoff;

/**
 * Runs an asynchronous attempt until it succeeds, the way a phone retries: after a failure it
 * waits the client library's full-jitter {@link Backoff} delay and tries again, until the
 * failure is one that will not change ({@code retryable} says no), the attempts are used up, or
 * the next try would start past the give-up time. Each attempt that does not finish within the
 * attempt timeout is failed with a {@link TimeoutException}: its future is completed
 * exceptionally, so whatever the caller hung on that future (closing its connection) runs, and a
 * late answer to the abandoned attempt changes nothing.
 *
 * <p>One helper for the tester's three retry loops (residents' logins, staff sign-in, posts), so
 * the bounds are spelled once and tested once.
 */
public final class Retrying {
    /**
     * The bounds of one kind of retry.
     *
     * @param backoff        delay before attempt n+1 after attempt n (0-based) failed
     * @param maxAttempts    attempts in all, the first included
     * @param giveUpAfter    no attempt starts later than this after the first
     * @param attemptTimeout an attempt still unfinished after this has failed
     */
    public record Policy(Backoff backoff, int maxAttempts, Duration giveUpAfter, Duration attemptTimeout) {
        public Policy {
            if (maxAttempts < 1 || giveUpAfter.isNegative() || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
                throw new IllegalArgumentException("need maxAttempts >= 1, giveUpAfter >= 0, attemptTimeout > 0");
            }
        }
    }

    /** One try; {@code attempt} counts from 0. */
    public interface Attempt<T> {
        CompletableFuture<T> start(int attempt);
    }

    /** Told of each failed attempt that will be tried again. */
    public interface Listener {
        Listener NONE = (attempt, failure, delayMillis) -> { };

        /** @param attempt the failed attempt (0-based); the next starts after {@code delayMillis} */
        void retrying(int attempt, Throwable failure, long delayMillis);
    }

    private final Policy policy;
    private final Predicate<Throwable> retryable;
    private final Timer timer;

    public Retrying(Policy policy, Predicate<Throwable> retryable, Timer timer) {
        this.policy = policy;
        this.retryable = retryable;
        this.timer = timer;
    }

    public Retrying(Policy policy, Predicate<Throwable> retryable) {
        this(policy, retryable, Timer.system());
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Completes with the first successful attempt's value, or with the last attempt's failure
     * (unwrapped from {@link CompletionException}) once retrying stops.
     */
    public <T> CompletableFuture<T> run(Attempt<T> attempt, Listener listener) {
        CompletableFuture<T> done = new CompletableFuture<>();
        long giveUpAt = timer.nanoTime() + policy.giveUpAfter().toNanos();
        next(attempt, 0, giveUpAt, listener, done);
        return done;
    }

    private <T> void next(Attempt<T> attempt, int n, long giveUpAt, Listener listener, CompletableFuture<T> done) {
        CompletableFuture<T> tried = start(attempt, n);
        long timeoutMillis = policy.attemptTimeout().toMillis();
        Timer.Cancel timeout = timer.schedule(() -> tried.completeExceptionally(
                new TimeoutException("attempt " + (n + 1) + " unanswered after " + timeoutMillis + " ms")), timeoutMillis);
        tried.whenComplete((value, error) -> {
            timeout.cancel();
            if (error == null) {
                done.complete(value);
                return;
            }
            Throwable failure = unwrap(error);
            long delay = policy.backoff().delay(n).toMillis();
            boolean again = n + 1 < policy.maxAttempts() && retryable.test(failure)
                    && timer.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) < giveUpAt;
            if (!again) {
                done.completeExceptionally(failure);
                return;
            }
            listener.retrying(n, failure, delay);
            timer.schedule(() -> next(attempt, n + 1, giveUpAt, listener, done), delay);
        });
    }

    private static <T> CompletableFuture<T> start(Attempt<T> attempt, int n) {
        try {
            CompletableFuture<T> f = attempt.start(n);
            return f != null ? f : CompletableFuture.failedFuture(new NullPointerException("attempt returned null"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // tried again like any failed attempt, never lost
        }
    }

    /** The failure itself, not the wrapper a dependent stage puts around it. */
    public static Throwable unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x instanceof ExecutionException) && x.getCause() != null) {
            x = x.getCause();
        }
        return x;
    }
}
