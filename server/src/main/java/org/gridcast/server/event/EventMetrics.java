package org.gridcast.server.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.server.event.workflow.EventRefusedException;
import org.gridcast.server.event.workflow.EventState;
import org.gridcast.server.event.workflow.Rating;

/**
 * Event counters on /metrics, from which a dashboard derives the town's rates: reports, and
 * transitions by target state (ACCEPTED, INVALID, DISPATCHED, CLOSED, ...), and ratings by score.
 * The exact rates over a period come from the stats call (docs/EVENTS.md).
 *
 * <p>Tags are the names of the parsed enums, never the client's text: a client that pads or
 * re-cases {@code to} ("accepted ", " Accepted") must not mint a new time series per spelling,
 * which grew /metrics without bound. Every counter exists from the start, so the set of series
 * is fixed whatever clients send.
 */
public final class EventMetrics {
    public static final String REPORTED = "gridcast.events.reported";
    public static final String TRANSITIONS = "gridcast.events.transitions";
    public static final String RATINGS = "gridcast.events.ratings";
    public static final String FOLLOW_UPS = "gridcast.events.followups";
    public static final String CHAT_MESSAGES = "gridcast.consultations.messages";
    public static final String TAG_TO = "to";
    public static final String TAG_SCORE = "score";

    private final Counter reported;
    private final Counter followUps;
    private final Counter chats;
    private final Map<EventState, Counter> transitions = new EnumMap<>(EventState.class);
    private final Map<Rating, Counter> ratings = new EnumMap<>(Rating.class);

    public EventMetrics(MeterRegistry registry) {
        this.reported = Counter.builder(REPORTED).description("event reports (事件上报) answered; a retry of the same report counts again").register(registry);
        this.followUps = Counter.builder(FOLLOW_UPS).description("follow-up visits (回访) recorded").register(registry);
        this.chats = Counter.builder(CHAT_MESSAGES).description("consultation messages sent").register(registry);
        for (EventState s : EventState.values()) {
            if (s != EventState.SUBMITTED) { // a report, counted by REPORTED; no transition leads there
                transitions.put(s, Counter.builder(TRANSITIONS).tag(TAG_TO, s.name()).register(registry));
            }
        }
        for (Rating r : Rating.values()) {
            ratings.put(r, Counter.builder(RATINGS).tag(TAG_SCORE, r.wire()).register(registry));
        }
    }

    /** Counts a call that succeeded. */
    public void record(EventCall call, EventResult result) {
        switch (call.getCallCase()) {
            case REPORT -> reported.increment();
            case TRANSITION -> increment(transitions, stateOf(call.getTransition().getTo()));
            case RATE -> increment(ratings, ratingOf(call.getRate().getScore()));
            case FOLLOW_UP -> followUps.increment();
            case CHAT -> {
                if (!call.getChat().getSend().isEmpty()) {
                    chats.increment();
                }
            }
            default -> { }
        }
    }

    private static <K> void increment(Map<K, Counter> counters, K key) {
        Counter c = key == null ? null : counters.get(key);
        if (c != null) {
            c.increment();
        }
    }

    /** The state the desk parsed; null (no count) for text it would have refused. */
    private static EventState stateOf(String to) {
        try {
            return EventState.parse(to);
        } catch (EventRefusedException e) {
            return null;
        }
    }

    private static Rating ratingOf(String score) {
        try {
            return Rating.parse(score);
        } catch (EventRefusedException e) {
            return null;
        }
    }
}
