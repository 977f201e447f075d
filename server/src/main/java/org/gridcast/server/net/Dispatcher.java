package org.gridcast.server.net;

import com.google.protobuf.Message;
import io.lettuce.core.RedisException;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Envelope.BodyCase;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.GridcastException;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request to the handler registered for its body and answers with the same
 * request id. Handlers are registered by the composition root before the server accepts
 * clients. A {@link GridcastException} becomes {@code Error{code}}; Redis being unreachable
 * (a Lettuce {@code RedisException}, or the I/O error of a connection Redis reset) becomes
 * UNAVAILABLE (retry with the same ids); anything else INTERNAL.
 *
 * <p>Requests in flight on this node are capped ({@link #DEFAULT_MAX_IN_FLIGHT}): past the cap
 * a request is answered UNAVAILABLE at once, before any Redis work. In a reconnect storm every
 * phone logs in and fetches at the same moment; without the cap the Redis queue grew past the
 * command timeout and every request failed after waiting 5 s, so all of them retried and the
 * storm fed itself. With it, what is admitted finishes quickly and the rest back off.
 *
 * <p>A request kind may have a tighter cap of its own ({@link #limit}): a login costs several
 * Redis round trips where a fetch costs one, so a storm of logins must be bounded far below the
 * node's cap for the admitted ones to finish inside the command timeout. A request past either
 * cap is answered UNAVAILABLE at once and counted in {@code gridcast.requests.shed{limit}}.
 *
 * <p>Storage failures and timeouts are logged as a rate-limited summary ({@link FailureSummary}),
 * not a line per request: in an outage every request fails the same way.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Map<BodyCase, RequestHandler> handlers = new EnumMap<>(BodyCase.class);
    private final Map<BodyCase, AnonymousHandler> anonymous = new EnumMap<>(BodyCase.class);
    /** Requests whose successful reply is the connection's last frame (Logout). */
    private final Set<BodyCase> closing = EnumSet.noneOf(BodyCase.class);
    /** Requests a node works on at once; a login is ~5 Redis round trips, a fetch one. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 4096;
    /** Label of the node-wide cap in the shed metric. */
    public static final String LIMIT_IN_FLIGHT = "in_flight";
    static final String BUSY = "server busy; retry with backoff";
    /** By default, a request still unanswered after this is answered UNAVAILABLE and its slot freed. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final GridcastMetrics metrics;
    private final InFlightLimit inFlight;
    private final Map<BodyCase, InFlightLimit> kindLimits = new EnumMap<>(BodyCase.class);
    private final Duration requestTimeout;
    private final FailureSummary storageFailures = new FailureSummary("storage unavailable");
    private final FailureSummary timeouts;

    public Dispatcher(GridcastMetrics metrics) {
        this(metrics, DEFAULT_MAX_IN_FLIGHT);
    }

    public Dispatcher(GridcastMetrics metrics, int maxInFlight) {
        this(metrics, maxInFlight, REQUEST_TIMEOUT);
    }

    public Dispatcher(GridcastMetrics metrics, int maxInFlight, Duration requestTimeout) {
        if (maxInFlight < 1 || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("need maxInFlight >= 1 and a positive request timeout");
        }
        this.metrics = metrics;
        this.inFlight = new InFlightLimit(LIMIT_IN_FLIGHT, maxInFlight, BUSY);
        this.requestTimeout = requestTimeout;
        this.timeouts = new FailureSummary("timed out after " + requestTimeout);
    }

    /** Requests being handled now. */
    public int inFlight() {
        return inFlight.inFlight();
    }

    /** Requests of {@code body} being handled now (0 for a kind without a cap of its own). */
    public int inFlight(BodyCase body) {
        InFlightLimit limit = kindLimits.get(body);
        return limit == null ? 0 : limit.inFlight();
    }

    /**
     * Caps the requests of one kind in flight below the node's cap; set before the server
     * accepts clients. The limit's reason labels its shed metric, its message the refusal.
     */
    public synchronized Dispatcher limit(BodyCase body, InFlightLimit limit) {
        if (kindLimits.putIfAbsent(body, limit) != null) {
            throw new IllegalStateException("a limit is already set for " + body);
        }
        return this;
    }

    /** Registers the handler of a request that needs a session. */
    public synchronized Dispatcher register(BodyCase body, RequestHandler handler) {
        requireFree(body);
        handlers.put(body, handler);
        return this;
    }

    /** Registers the handler of a request that ends the connection: it is closed once its Ok is written. */
    public synchronized Dispatcher registerClosing(BodyCase body, RequestHandler handler) {
        register(body, handler);
        closing.add(body);
        return this;
    }

    /** Registers the handler of a request allowed before login. */
    public synchronized Dispatcher registerAnonymous(BodyCase body, AnonymousHandler handler) {
        requireFree(body);
        anonymous.put(body, handler);
        return this;
    }

    /** True when the body may be sent before login. */
    public boolean isAnonymous(BodyCase body) {
        return anonymous.containsKey(body);
    }

    /**
     * Handles one request and writes its reply. The returned stage completes once the reply has
     * been handed to the channel, on every path, so a caller can count the request as done.
     */
    public CompletionStage<Void> dispatch(Channel channel, Envelope request) {
        long id = request.getRequestId();
        if (id == 0) {
            reply(channel, Envelopes.error(0, ErrorCode.BAD_REQUEST, "request_id must be > 0"));
            return CompletableFuture.completedFuture(null);
        }
        if (!inFlight.tryAcquire()) {
            return shed(channel, id, inFlight);
        }
        InFlightLimit kind = kindLimits.get(request.getBodyCase());
        if (kind != null && !kind.tryAcquire()) {
            inFlight.release();
            return shed(channel, id, kind);
        }
        CompletionStage<? extends Message> result;
        try {
            result = invoke(channel, request);
            if (result == null) {
                result = CompletableFuture.failedFuture(new IllegalStateException("handler returned no stage"));
            }
        } catch (Throwable e) {
            // anything, Errors included: the slot taken above must be given back on every path
            result = CompletableFuture.failedFuture(e);
        }
        // and a stage that never completes must not hold it forever (Redis commands time out
        // after 5 s; this is the net under anything else)
        result = result.toCompletableFuture().orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return result.toCompletableFuture().handle((body, failure) -> {
            inFlight.release();
            if (kind != null) {
                kind.release();
            }
            Envelope reply;
            if (failure == null && body != null) {
                try {
                    reply = Envelopes.wrap(id, body).build();
                } catch (RuntimeException notABody) {
                    // a handler bug must still answer (INTERNAL, logged), never leave the client waiting
                    reply = toError(id, request.getBodyCase(), notABody);
                }
            } else {
                reply = toError(id, request.getBodyCase(), failure);
            }
            if (closing.contains(request.getBodyCase()) && !reply.hasError()) {
                Replies.sendAndClose(channel, reply);
            } else {
                reply(channel, reply);
            }
            return null;
        });
    }

    private CompletionStage<Void> shed(Channel channel, long id, InFlightLimit limit) {
        metrics.shed(limit.reason());
        reply(channel, Envelopes.error(id, ErrorCode.UNAVAILABLE, limit.busyMessage()));
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<? extends Message> invoke(Channel channel, Envelope request) {
        BodyCase body = request.getBodyCase();
        AnonymousHandler a = anonymous.get(body);
        if (a != null) {
            return a.handle(channel, request);
        }
        RequestHandler h = handlers.get(body);
        if (h == null) {
            throw GridcastException.badRequest("unsupported request: " + body);
        }
        Session session = Session.of(channel);
        if (session == null) {
            throw new GridcastException(ErrorCode.UNAUTHENTICATED, "login first");
        }
        return h.handle(session, request);
    }

    private Envelope toError(long id, BodyCase body, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof GridcastException g) {
            return Envelopes.error(id, g.code(), String.valueOf(g.getMessage()));
        }
        if (cause instanceof TimeoutException) {
            timeouts.record(body, cause.toString()).ifPresent(log::warn);
            return Envelopes.error(id, ErrorCode.UNAVAILABLE, "timed out; retry");
        }
        // Lettuce fails the commands in flight with the socket's own IOException when Redis
        // resets the connection (a killed Redis, a failed-over cluster master): the same outage
        if (cause instanceof RedisException || cause instanceof java.io.IOException) {
            storageFailures.record(body, cause.toString()).ifPresent(log::warn);
            return Envelopes.error(id, ErrorCode.UNAVAILABLE, "storage unavailable; retry");
        }
        log.error("{} failed", body, cause);
        return Envelopes.error(id, ErrorCode.INTERNAL, "internal error");
    }

    private void reply(Channel channel, Envelope envelope) {
        if (envelope.hasError()) {
            metrics.error(envelope.getError().getCode());
        }
        Replies.send(channel, envelope);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c == null ? new IllegalStateException("handler returned null") : c;
    }

    private void requireFree(BodyCase body) {
        if (handlers.containsKey(body) || anonymous.containsKey(body)) {
            throw new IllegalStateException("handler already registered for " + body);
        }
    }
}
