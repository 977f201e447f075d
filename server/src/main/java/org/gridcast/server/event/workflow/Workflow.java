package org.gridcast.server.event.workflow;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Pure decisions of the workflow: may these capacities take the event from one state to another,
 * may they rate it, reopen it. No I/O; the store applies a permitted change atomically.
 */
public final class Workflow {
    /** The reporter may reopen a closed event this long after it was closed (issue 3). */
    public static final Duration REOPEN_WINDOW = Duration.ofHours(72);

    private final Clock clock;

    public Workflow(Clock clock) {
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /** The edge taken, or a refusal: ILLEGAL_TRANSITION if none leads there, NOT_PERMITTED if it is not theirs. */
    public Edge check(EventState from, EventState to, Set<Capacity> capacities) {
        Edge edge = WorkflowTable.edge(from, to).orElseThrow(() -> new EventRefusedException(
                Refusal.ILLEGAL_TRANSITION, "no transition " + from + " -> " + to));
        if (!edge.allows(capacities)) {
            throw new EventRefusedException(Refusal.NOT_PERMITTED,
                    edge.name() + " (" + from + " -> " + to + ") is for " + edge.who() + ", actor is " + capacities);
        }
        return edge;
    }

    /** A reopen also needs the event to have been closed less than 72 h ago. */
    public Edge checkReopen(Set<Capacity> capacities, long closedAtMs) {
        Edge edge = check(EventState.CLOSED, EventState.REOPENED, capacities);
        if (clock.millis() - closedAtMs > REOPEN_WINDOW.toMillis()) {
            throw new EventRefusedException(Refusal.REOPEN_WINDOW_PASSED,
                    "closed more than " + REOPEN_WINDOW.toHours() + " h ago");
        }
        return edge;
    }

    public void checkRate(EventState state, Set<Capacity> capacities, boolean alreadyRated) {
        if (state != EventState.CLOSED) {
            throw new EventRefusedException(Refusal.NOT_CLOSED, "only a closed event can be rated, it is " + state);
        }
        requireAny(WorkflowTable.RATE, capacities, "rate");
        if (alreadyRated) {
            throw new EventRefusedException(Refusal.ALREADY_RATED, "already rated");
        }
    }

    public void checkFollowUp(EventState state, Set<Capacity> capacities) {
        if (state != EventState.CLOSED) {
            throw new EventRefusedException(Refusal.NOT_CLOSED, "follow-ups are recorded on closed events, it is " + state);
        }
        requireAny(WorkflowTable.FOLLOW_UP, capacities, "follow-up");
    }

    private static void requireAny(Set<Capacity> allowed, Set<Capacity> held, String what) {
        for (Capacity c : held) {
            if (allowed.contains(c)) {
                return;
            }
        }
        throw new EventRefusedException(Refusal.NOT_PERMITTED, what + " is for " + allowed + ", actor is " + held);
    }
}
