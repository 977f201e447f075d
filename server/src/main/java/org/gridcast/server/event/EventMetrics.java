package org.gridcast.server.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;

/**
 * Event counters on /metrics, from which a dashboard derives the town's rates: reports, and
 * transitions by target state (ACCEPTED, INVALID, DISPATCHED, CLOSED, ...), and ratings by score.
 * The exact rates over a period come from the stats call (docs/EVENTS.md).
 */
public final class EventMetrics {
    public static final String REPORTED = "gridcast.events.reported";
    public static final String TRANSITIONS = "gridcast.events.transitions";
    public static final String RATINGS = "gridcast.events.ratings";
    public static final String FOLLOW_UPS = "gridcast.events.followups";
    public static final String CHAT_MESSAGES = "gridcast.consultations.messages";

    private final MeterRegistry registry;
    private final Counter reported;
    private final Counter followUps;
    private final Counter chats;

    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.reported = Counter.builder(REPORTED).description("event reports (事件上报) answered; a retry of the same report counts again").register(registry);
        this.followUps = Counter.builder(FOLLOW_UPS).description("follow-up visits (回访) recorded").register(registry);
        this.chats = Counter.builder(CHAT_MESSAGES).description("consultation messages sent").register(registry);
    }

    /** Counts a call that succeeded. */
    public void record(EventCall call, EventResult result) {
        switch (call.getCallCase()) {
            case REPORT -> reported.increment();
            case TRANSITION -> Counter.builder(TRANSITIONS).tag("to", call.getTransition().getTo().toUpperCase())
                    .register(registry).increment();
            case RATE -> Counter.builder(RATINGS).tag("score", call.getRate().getScore().toLowerCase())
                    .register(registry).increment();
            case FOLLOW_UP -> followUps.increment();
            case CHAT -> {
                if (!call.getChat().getSend().isEmpty()) {
                    chats.increment();
                }
            }
            default -> { }
        }
    }
}
