package org.gridcast.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridcast.protocol.ErrorCode;

/**
 * The server's own meters. Names use Micrometer's dotted form; Prometheus shows
 * {@code gridcast.deliveries} as {@code gridcast_deliveries_total}. One instance per server,
 * built on the injected registry.
 */
public final class GridcastMetrics {
    public static final String PREFIX = "gridcast.";
    /** Open client connections (TCP and WebSocket), logged in or not. */
    public static final String CONNECTIONS = "gridcast.connections";
    /** Logged-in sessions on this node. */
    public static final String SESSIONS = "gridcast.sessions";
    /** Login attempts, tag {@link #TAG_RESULT}. */
    public static final String LOGINS = "gridcast.logins";
    /** Notices stored (incremented by the post handlers). */
    public static final String NOTICES_POSTED = "gridcast.notices.posted";
    /** Push frames written to a session. */
    public static final String DELIVERIES = "gridcast.deliveries";
    /** Pushes skipped because the session was not writable (slow reader). */
    public static final String PUSHES_SKIPPED = "gridcast.pushes.skipped";
    /**
     * Requests answered UNAVAILABLE at once because the node had too many in flight, tag
     * {@link #TAG_LIMIT}: {@code in_flight} (the node's cap) or {@code logins} (the login cap).
     */
    public static final String REQUESTS_SHED = "gridcast.requests.shed";
    /** Time to hand one notice to every local session of its audience. */
    public static final String FANOUT_DURATION = "gridcast.fanout.duration";
    /** From the notice's posted_at to the end of its local fan-out. */
    public static final String DELIVERY_LATENCY = "gridcast.delivery.latency";
    /** Error replies and kicks sent, tag {@link #TAG_CODE}. */
    public static final String ERRORS = "gridcast.errors";
    /** Exceptions that reached the end of a pipeline, tag {@link #TAG_CLASS}. */
    public static final String EXCEPTIONS = "gridcast.exceptions";
    /** Node bus messages received from Redis pub/sub, tag {@link #TAG_KIND}. */
    public static final String NODE_MESSAGES = "gridcast.node.messages";

    public static final String TAG_RESULT = "result";
    public static final String TAG_CODE = "code";
    public static final String TAG_CLASS = "class";
    public static final String TAG_KIND = "kind";
    public static final String TAG_LIMIT = "limit";

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter noticesPosted;
    private final Counter deliveries;
    private final Counter pushesSkipped;
    private final Timer fanoutDuration;
    private final Timer deliveryLatency;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<String, Counter> byTag = new ConcurrentHashMap<>();

    public GridcastMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(CONNECTIONS, connections, AtomicInteger::get).register(registry);
        this.noticesPosted = Counter.builder(NOTICES_POSTED).register(registry);
        this.deliveries = Counter.builder(DELIVERIES).register(registry);
        this.pushesSkipped = Counter.builder(PUSHES_SKIPPED).register(registry);
        this.fanoutDuration = Timer.builder(FANOUT_DURATION).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.deliveryLatency = Timer.builder(DELIVERY_LATENCY).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        for (ErrorCode code : ErrorCode.values()) {
            if (code != ErrorCode.UNRECOGNIZED) {
                errors.put(code, Counter.builder(ERRORS).tag(TAG_CODE, code.name()).register(registry));
            }
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Registers a gauge of live sessions, read from the given source. */
    public void sessionsGauge(java.util.function.IntSupplier sessions) {
        // strong: the supplier is usually a lambda nobody else holds, and a weakly held gauge reads NaN after a GC
        Gauge.builder(SESSIONS, sessions, s -> s.getAsInt()).strongReference(true).register(registry);
    }

    public AtomicInteger connections() {
        return connections;
    }

    public void login(String result) {
        tagged(LOGINS, TAG_RESULT, result).increment();
    }

    public Counter noticesPosted() {
        return noticesPosted;
    }

    public void delivered(int frames) {
        deliveries.increment(frames);
    }

    /** @param limit the cap that refused the request: a constant of the server, never client input */
    public void shed(String limit) {
        tagged(REQUESTS_SHED, TAG_LIMIT, limit).increment();
    }

    public void pushSkipped() {
        pushesSkipped.increment();
    }

    public Timer fanoutDuration() {
        return fanoutDuration;
    }

    public Timer deliveryLatency() {
        return deliveryLatency;
    }

    public void error(ErrorCode code) {
        Counter c = errors.get(code);
        if (c != null) {
            c.increment();
        }
    }

    public void exception(Class<?> type) {
        tagged(EXCEPTIONS, TAG_CLASS, type.getSimpleName()).increment();
    }

    public void nodeMessage(String kind) {
        tagged(NODE_MESSAGES, TAG_KIND, kind).increment();
    }

    private Counter tagged(String name, String tag, String value) {
        return byTag.computeIfAbsent(name + '\0' + tag + '\0' + value,
                k -> Counter.builder(name).tag(tag, value).register(registry));
    }
}
