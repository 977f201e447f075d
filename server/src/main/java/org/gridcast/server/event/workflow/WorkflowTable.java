package org.gridcast.server.event.workflow;

import static org.gridcast.server.event.workflow.Capacity.COMMUNITY_STAFF;
import static org.gridcast.server.event.workflow.Capacity.DISPATCHER;
import static org.gridcast.server.event.workflow.Capacity.GRID_WORKER;
import static org.gridcast.server.event.workflow.Capacity.HANDLER;
import static org.gridcast.server.event.workflow.Capacity.LEVEL_ABOVE;
import static org.gridcast.server.event.workflow.Capacity.MICROGRID_LEADER;
import static org.gridcast.server.event.workflow.Capacity.REPORTER;
import static org.gridcast.server.event.workflow.Capacity.TOWN_STAFF;
import static org.gridcast.server.event.workflow.EventState.ACCEPTED;
import static org.gridcast.server.event.workflow.EventState.CLOSED;
import static org.gridcast.server.event.workflow.EventState.DISPATCHED;
import static org.gridcast.server.event.workflow.EventState.ESCALATED;
import static org.gridcast.server.event.workflow.EventState.INVALID;
import static org.gridcast.server.event.workflow.EventState.IN_PROGRESS;
import static org.gridcast.server.event.workflow.EventState.REOPENED;
import static org.gridcast.server.event.workflow.EventState.RESOLVED;
import static org.gridcast.server.event.workflow.EventState.RETURNED;
import static org.gridcast.server.event.workflow.EventState.SUBMITTED;
import static org.gridcast.server.event.workflow.EventState.WITHDRAWN;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The workflow of issue 3 as data, in one place: every allowed transition and who may take it.
 * Anything not listed is refused. Reporting (new → SUBMITTED) is checked by {@link ReportPolicy}
 * because there is no event yet; rating and follow-ups by {@link Workflow}.
 */
public final class WorkflowTable {
    public static final List<Edge> EDGES = List.of(
            new Edge("withdraw", SUBMITTED, WITHDRAWN, Set.of(REPORTER)),
            new Edge("accept", SUBMITTED, ACCEPTED, Set.of(GRID_WORKER, MICROGRID_LEADER, COMMUNITY_STAFF)),
            new Edge("invalidate", SUBMITTED, INVALID, Set.of(GRID_WORKER, MICROGRID_LEADER, COMMUNITY_STAFF)),
            new Edge("handle-in-grid", ACCEPTED, IN_PROGRESS, Set.of(GRID_WORKER, MICROGRID_LEADER)),
            new Edge("dispatch", ACCEPTED, DISPATCHED, Set.of(COMMUNITY_STAFF, TOWN_STAFF)),
            new Edge("dispatch-in-progress", IN_PROGRESS, DISPATCHED, Set.of(COMMUNITY_STAFF, TOWN_STAFF)),
            new Edge("sign", DISPATCHED, IN_PROGRESS, Set.of(HANDLER)),
            new Edge("return", DISPATCHED, RETURNED, Set.of(HANDLER)),
            new Edge("redispatch", RETURNED, DISPATCHED, Set.of(DISPATCHER)),
            new Edge("escalate", IN_PROGRESS, ESCALATED, Set.of(HANDLER)),
            new Edge("dispatch-escalated", ESCALATED, DISPATCHED, Set.of(LEVEL_ABOVE)),
            new Edge("resolve", IN_PROGRESS, RESOLVED, Set.of(HANDLER)),
            new Edge("close", RESOLVED, CLOSED, Set.of(DISPATCHER, GRID_WORKER)),
            new Edge("rework", RESOLVED, IN_PROGRESS, Set.of(DISPATCHER, GRID_WORKER)),
            new Edge("reopen", CLOSED, REOPENED, Set.of(REPORTER)),
            // The row "CLOSED → REOPENED (within 72 h) → IN_PROGRESS | the reporter": the
            // reporter reopens; the handler who resolved it takes it up again (see docs/EVENTS.md).
            new Edge("resume", REOPENED, IN_PROGRESS, Set.of(HANDLER)));

    /** Who may rate a closed event (once per closing). */
    public static final Set<Capacity> RATE = Set.of(REPORTER);

    /** Who may record a follow-up visit (回访) on a closed event. */
    public static final Set<Capacity> FOLLOW_UP =
            Set.of(DISPATCHER, GRID_WORKER, MICROGRID_LEADER, COMMUNITY_STAFF, TOWN_STAFF);

    private WorkflowTable() {
    }

    public static Optional<Edge> edge(EventState from, EventState to) {
        return EDGES.stream().filter(e -> e.from() == from && e.to() == to).findFirst();
    }
}
