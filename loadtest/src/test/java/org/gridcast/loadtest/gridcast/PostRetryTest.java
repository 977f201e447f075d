package org.gridcast.loadtest.gridcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.gridcast.loadtest.retry.ManualTimer;
import org.gridcast.loadtest.target.OutcomeUnknown;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.protocol.Ok;
import org.junit.jupiter.api.Test;

/**
 * How one post's attempts end up in the books, with the replies the server really sends
 * (NoticePosted, duplicate NoticePosted, Error codes as {@link GridcastConnection} reads them).
 */
class PostRetryTest {
    private final ManualTimer timer = new ManualTimer();
    /** Jitter drawn at the ceiling: the delays are 50, 100, 200, … ms, capped at 2 s. */
    private final PostRetry retry = new PostRetry(timer, () -> 1.0);
    private final List<Long> sent = new ArrayList<>();

    private static Envelope posted(long seq, boolean duplicate) {
        return Envelope.newBuilder().setRequestId(1).setNoticePosted(NoticePosted.newBuilder()
                .setChannel("u:town").setSeq(seq).setDuplicate(duplicate)).build();
    }

    private CompletableFuture<PostRetry.Acked> post(List<Object> replies) {
        return retry.post(() -> {
            sent.add(timer.millis());
            Object r = replies.get(Math.min(sent.size() - 1, replies.size() - 1));
            if (r instanceof Envelope e) {
                return CompletableFuture.completedFuture(e);
            }
            if (r instanceof Throwable t) {
                return CompletableFuture.failedFuture(t);
            }
            return new CompletableFuture<>(); // never answered
        });
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.getNow(null);
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void aStoredPostAnsweredUnavailableIsAckedByItsDuplicateOnceAndMarkedRetried() {
        CompletableFuture<PostRetry.Acked> done = post(List.of(
                new ServerError(ErrorCode.UNAVAILABLE, "storage unavailable; retry"), posted(7, true)));
        timer.advance(1_000);

        assertThat(sent).containsExactly(0L, 50L);
        assertThat(done.join().retried()).isTrue();
        assertThat(done.join().reply().getNoticePosted().getSeq()).isEqualTo(7);
    }

    @Test
    void aPostAckedAtOnceIsNotRetried() {
        CompletableFuture<PostRetry.Acked> done = post(List.of(posted(1, false)));

        assertThat(sent).containsExactly(0L);
        assertThat(done.join().retried()).isFalse();
    }

    @Test
    void anUnansweredAttemptIsRetriedAfterTheAttemptTimeout() {
        CompletableFuture<PostRetry.Acked> done = post(List.of("silence", posted(3, true)));
        timer.advance(PostRetry.ATTEMPT_TIMEOUT.toMillis() - 1);
        assertThat(done).isNotDone();
        timer.advance(1 + 50);

        assertThat(sent).containsExactly(0L, PostRetry.ATTEMPT_TIMEOUT.toMillis() + 50);
        assertThat(done.join().retried()).isTrue();
    }

    @Test
    void unavailableToTheEndIsUnknownNotRefused() {
        CompletableFuture<PostRetry.Acked> done = post(List.of(new ServerError(ErrorCode.UNAVAILABLE, "x")));
        timer.advance(120_000);

        assertThat(failure(done)).isInstanceOf(OutcomeUnknown.class)
                .hasCauseInstanceOf(ServerError.class);
        // 50, 100, …, 1600 ms, then 2 s each: the last attempt starts before the 60 s give-up
        assertThat(sent.get(sent.size() - 1)).isLessThan(PostRetry.GIVE_UP.toMillis());
        assertThat(sent.get(sent.size() - 1) + 2_000).isGreaterThanOrEqualTo(PostRetry.GIVE_UP.toMillis());
    }

    @Test
    void anEarlierUnavailableMakesALaterRateLimitUnknownToo() {
        List<Object> replies = new ArrayList<>();
        replies.add(new ServerError(ErrorCode.UNAVAILABLE, "x"));
        replies.add(new ServerError(ErrorCode.RATE_LIMITED, "slow down"));
        CompletableFuture<PostRetry.Acked> done = post(replies);
        timer.advance(120_000);

        assertThat(failure(done)).isInstanceOf(OutcomeUnknown.class);
    }

    @Test
    void onlyRateLimitedIsARefusalAfterAtMostMaxAttempts() {
        CompletableFuture<PostRetry.Acked> done = post(List.of(new ServerError(ErrorCode.RATE_LIMITED, "slow down")));
        timer.advance(120_000);

        assertThat(failure(done)).isInstanceOf(ServerError.class).hasMessageStartingWith("RATE_LIMITED");
        assertThat(sent.size()).isBetween(2, PostRetry.MAX_ATTEMPTS);
    }

    @Test
    void aRefusalThatWillNotChangeIsNotRetried() {
        CompletableFuture<PostRetry.Acked> done = post(List.of(new ServerError(ErrorCode.FORBIDDEN, "outside your scope")));
        timer.advance(10_000);

        assertThat(sent).containsExactly(0L);
        assertThat(failure(done)).isInstanceOf(ServerError.class).hasMessage("FORBIDDEN: outside your scope");
    }

    @Test
    void aReplyThatIsNotNoticePostedIsARefusal() {
        CompletableFuture<PostRetry.Acked> done = post(List.of(
                Envelope.newBuilder().setRequestId(1).setOk(Ok.getDefaultInstance()).build()));
        timer.advance(10_000);

        assertThat(sent).containsExactly(0L);
        assertThat(failure(done)).isInstanceOf(IllegalStateException.class).hasMessageContaining("OK");
    }

    @Test
    void whatMayHaveBeenStored() {
        assertThat(PostRetry.maybeStored(new ServerError(ErrorCode.UNAVAILABLE, "x"))).isTrue();
        assertThat(PostRetry.maybeStored(new TimeoutException())).isTrue();
        assertThat(PostRetry.maybeStored(new IOException("gridcast connection closed"))).isTrue();
        assertThat(PostRetry.maybeStored(new ClosedChannelException())).isFalse(); // never written
        assertThat(PostRetry.maybeStored(new ServerError(ErrorCode.RATE_LIMITED, "x"))).isFalse();
        assertThat(PostRetry.maybeStored(new ServerError(ErrorCode.BAD_REQUEST, "x"))).isFalse();
        assertThat(PostRetry.retryable(new ClosedChannelException())).isTrue(); // the next session may be open
        assertThat(PostRetry.retryable(new ServerError(ErrorCode.LIMIT_EXCEEDED, "x"))).isFalse();
    }
}
