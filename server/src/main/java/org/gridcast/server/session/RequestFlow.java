package org.gridcast.server.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.net.ConnectionLimits;
import org.gridcast.server.net.Frames;
import org.gridcast.server.net.Replies;

/**
 * Back-pressure on the requests of a logged-in session. Replies, unlike pushes, cannot be
 * skipped, so a client that sends requests without reading their replies would otherwise make
 * the node queue reply after reply (a Fetch page is up to 64 KiB) until direct memory runs out.
 * Instead the session stops being read — its socket's receive buffer fills and TCP slows the
 * sender — while it has {@link #maxInFlight} requests being handled or its connection is over
 * the write high-water mark, and is read again once both are false. So the bytes queued for one
 * connection stay under {@link #queuedBytesBound(ConnectionLimits, int)}, and a session that never reads again stays
 * unwritable and is closed with SLOW_CONSUMER by its {@link org.gridcast.server.net.ConnectionGuard}.
 *
 * <p>Requests already read when reading stops (at most one socket read) wait in the session, in
 * order, and start as requests finish. More than {@link #maxWaiting} of them means the client
 * pipelines far more than any phone does: the connection is answered RATE_LIMITED and closed.
 * Shared by every session; all state lives in {@link Session} and is touched on its event loop.
 */
public final class RequestFlow {
    /**
     * Requests one session may have in flight. A phone syncing after a reconnect runs a login
     * and a handful of fetches at once; 32 leaves room for that and for a staff desk, while 32
     * replies of at most a frame each bound what the node queues for a connection that stopped
     * reading.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;

    /** Requests that may wait behind the in-flight ones; a socket read rarely holds more than a few dozen. */
    public static final int DEFAULT_MAX_WAITING = 1_024;

    private final BiFunction<Channel, Envelope, CompletionStage<?>> dispatch;
    private final int maxInFlight;
    private final int maxWaiting;

    /** @param dispatch handles one request and completes once its reply has been written */
    public RequestFlow(BiFunction<Channel, Envelope, CompletionStage<?>> dispatch, int maxInFlight, int maxWaiting) {
        if (maxInFlight < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("need maxInFlight >= 1 and maxWaiting >= 0");
        }
        this.dispatch = dispatch;
        this.maxInFlight = maxInFlight;
        this.maxWaiting = maxWaiting;
    }

    public RequestFlow(BiFunction<Channel, Envelope, CompletionStage<?>> dispatch) {
        this(dispatch, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_WAITING);
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    /**
     * Bytes one socket read may hand the pipeline: the receive allocator's largest buffer
     * (Netty's adaptive default) plus a partial frame left over from the read before.
     */
    static final long MAX_BYTES_PER_READ = 65_536L + Frames.MAX_FRAME_BYTES + Frames.LENGTH_BYTES;

    /** An error reply to a refused request, framed: code, a short message and the request id. */
    static final long MAX_ERROR_REPLY_BYTES = 128;

    /**
     * Most bytes this node queues for one connection: the high-water mark (crossing it stops
     * reads, requests and pushes) with the frame that crossed it; one reply frame for each
     * request still in flight then; and error replies to the requests refused before this flow
     * (rate limit, login gate) in the last read, at most one per 4-byte frame. Reading stops at
     * the mark, so nothing else can be added until the client reads.
     */
    public static long queuedBytesBound(ConnectionLimits limits, int maxInFlight) {
        return replyBytesBound(limits, maxInFlight) + (MAX_BYTES_PER_READ / Frames.LENGTH_BYTES) * MAX_ERROR_REPLY_BYTES;
    }

    /** {@link #queuedBytesBound} for a client none of whose requests is refused before this flow. */
    public static long replyBytesBound(ConnectionLimits limits, int maxInFlight) {
        return limits.writeHighWaterMark() + (maxInFlight + 1L) * (Frames.MAX_FRAME_BYTES + Frames.LENGTH_BYTES);
    }

    /** A request of a logged-in session, on its event loop: start it now or let it wait. */
    public void offer(Session session, Envelope request) {
        int waiting = session.waitingRequests();
        if (waiting == 0 && canStart(session)) {
            start(session, request);
        } else if (waiting >= maxWaiting) {
            Replies.errorAndClose(session.channel(), request.getRequestId(), ErrorCode.RATE_LIMITED,
                    "more than " + (maxInFlight + maxWaiting) + " requests unanswered; closing");
        } else {
            session.addWaitingRequest(request);
        }
        updateReading(session);
    }

    /** The connection's writability changed, on its event loop: start what waits, read again if allowed. */
    public void writabilityChanged(Session session) {
        drain(session);
        updateReading(session);
    }

    private boolean canStart(Session session) {
        return session.requestsInFlight() < maxInFlight && session.channel().isWritable();
    }

    private void start(Session session, Envelope request) {
        session.requestStarted();
        CompletionStage<?> done;
        try {
            done = dispatch.apply(session.channel(), request);
        } catch (RuntimeException e) {
            finished(session);
            throw e;
        }
        done.whenComplete((ok, failure) -> onLoop(session, () -> finished(session)));
    }

    private void finished(Session session) {
        session.requestFinished();
        drain(session);
        updateReading(session);
    }

    private void drain(Session session) {
        while (session.waitingRequests() > 0 && canStart(session) && session.channel().isActive()) {
            start(session, session.pollWaitingRequest());
        }
    }

    private void updateReading(Session session) {
        Channel ch = session.channel();
        boolean read = session.waitingRequests() == 0 && canStart(session);
        ChannelConfig config = ch.config();
        if (config.isAutoRead() != read) {
            config.setAutoRead(read);
        }
    }

    private static void onLoop(Session session, Runnable task) {
        Channel ch = session.channel();
        if (ch.eventLoop().inEventLoop()) {
            task.run();
            return;
        }
        try {
            ch.eventLoop().execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // the loop is stopping and the connection with it: nothing left to resume
        }
    }
}
