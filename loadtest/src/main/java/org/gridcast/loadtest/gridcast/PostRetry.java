package org.gridcast.loadtest.gridcast;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.gridcast.client.Backoff;
import org.gridcast.loadtest.retry.Retrying;
import org.gridcast.loadtest.retry.Timer;
import org.gridcast.loadtest.target.OutcomeUnknown;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;

/**
 * Retries one post as a phone does: with the same client_msg_id, so the server's dedupe guard
 * ({@code post_unit.lua}) answers a repeat of a stored post with the original entry
 * ({@code NoticePosted.duplicate}) and the notice is counted once, whichever attempt is acked.
 *
 * <p>Retried: RATE_LIMITED (a late publisher catching up in a burst), UNAVAILABLE, no reply
 * within {@link #ATTEMPT_TIMEOUT}, a connection that closed or could not be written. UNAVAILABLE
 * does not mean "not stored": in the 100,000-member storm a post script ran while its reply
 * waited past the server's 5 s Redis command timeout (BENCHMARKS.md), and the post was
 * answered UNAVAILABLE. A post that stays unacked after such an attempt fails with
 * {@link OutcomeUnknown}; one refused for good (BAD_REQUEST, FORBIDDEN, …) or only ever
 * rate-limited fails with the refusal itself.
 */
final class PostRetry {
    /** Base and cap of the full-jitter backoff: a rate-limit refusal clears within a second. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(50), MAX_BACKOFF = Duration.ofSeconds(2);
    /** Attempts per post: under the give-up time's bound at the cap, enough for a multi-second stall. */
    static final int MAX_ATTEMPTS = 100;
    /** No retry starts later than this after the first attempt: longer than a node restart or a failover. */
    static final Duration GIVE_UP = Duration.ofSeconds(60);
    /**
     * An attempt unanswered this long is retried: past the server's Redis command timeout (5 s)
     * plus its replica WAIT (2 s), so a server that answers at all answers first; under its own
     * request timeout (30 s), so a request lost on the way does not hold the post that long.
     */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(15);

    /** What became of one post. */
    record Acked(Envelope reply, boolean retried) {
    }

    private final Retrying retrying;

    PostRetry() {
        this(Timer.system(), () -> ThreadLocalRandom.current().nextDouble());
    }

    PostRetry(Timer timer, DoubleSupplier random) {
        this.retrying = new Retrying(new Retrying.Policy(new Backoff(FIRST_BACKOFF, MAX_BACKOFF, random),
                MAX_ATTEMPTS, GIVE_UP, ATTEMPT_TIMEOUT), PostRetry::retryable, timer);
    }

    /**
     * @param send sends one attempt (the same PostNotice, client_msg_id included, each time)
     * @return the NoticePosted reply and whether it took a retry; or the failure, an
     *         {@link OutcomeUnknown} when some attempt may have stored the post
     */
    CompletableFuture<Acked> post(Supplier<CompletableFuture<Envelope>> send) {
        AtomicBoolean retried = new AtomicBoolean();
        AtomicBoolean maybeStored = new AtomicBoolean();
        CompletableFuture<Envelope> acked = retrying.run(n -> send.get().thenApply(PostRetry::posted),
                (n, failure, delay) -> {
                    retried.set(true);
                    maybeStored.compareAndSet(false, maybeStored(failure));
                });
        CompletableFuture<Acked> out = new CompletableFuture<>();
        acked.whenComplete((reply, error) -> {
            if (error == null) {
                out.complete(new Acked(reply, retried.get()));
            } else if (maybeStored.get() || maybeStored(Retrying.unwrap(error))) {
                out.completeExceptionally(new OutcomeUnknown("post unacked after every retry; it may be stored",
                        Retrying.unwrap(error)));
            } else {
                out.completeExceptionally(Retrying.unwrap(error));
            }
        });
        return out;
    }

    private static Envelope posted(Envelope reply) {
        if (!reply.hasNoticePosted()) {
            throw new IllegalStateException("PostNotice answered with " + reply.getBodyCase());
        }
        return reply;
    }

    /** Worth another attempt with the same client_msg_id. */
    static boolean retryable(Throwable e) {
        if (e instanceof ServerError s) {
            return s.code() == ErrorCode.RATE_LIMITED || s.code() == ErrorCode.UNAVAILABLE;
        }
        return e instanceof TimeoutException || e instanceof IOException;
    }

    /**
     * Whether the attempt may have stored the post: an UNAVAILABLE, a missing reply, a connection
     * that closed with the request sent. Not a refusal the server answers before storing (a rate
     * limit, a bad request), nor a write to a connection already closed.
     */
    static boolean maybeStored(Throwable e) {
        if (e instanceof ServerError s) {
            return s.code() == ErrorCode.UNAVAILABLE;
        }
        return e instanceof TimeoutException || e instanceof IOException && !(e instanceof ClosedChannelException);
    }
}
