package org.gridcast.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.seeds.events.StreetYearGenerator.communityStaff;
import static org.gridcast.seeds.events.StreetYearGenerator.gridWorker;
import static org.gridcast.seeds.events.StreetYearGenerator.leader;
import static org.gridcast.seeds.events.StreetYearGenerator.resident;
import static org.gridcast.seeds.events.StreetYearGenerator.shop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.TransitionEvent;
import org.gridcast.server.GridcastException;
import org.gridcast.server.event.workflow.Edge;
import org.gridcast.server.event.workflow.EventState;
import org.gridcast.server.event.workflow.WorkflowTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every transition of the table tried by every kind of actor, against real Redis. */
@Timeout(120)
class EventWorkflowIT {
    static final String REPORTER = resident(1, 1, 1, 0);
    static final String NEIGHBOUR = resident(1, 1, 1, 1);
    static final String LEADER = leader(1, 1, 1);
    static final String OTHER_LEADER = leader(1, 1, 2);
    static final String GW = gridWorker(1, 1);
    static final String OTHER_GW = gridWorker(1, 2);
    static final String CS = communityStaff(1, 0);
    static final String OTHER_CS = communityStaff(2, 0);
    static final String TS = "ts-0";
    static final String DEPT = "qs-d0";
    static final String DM = "dm-qs-d0-0";
    static final String OTHER_DM = "dm-qs-d1-0";
    static final String SHOP = shop(1, 0);

    /** Every actor kind: the reporter, residents, staff in and out of scope, handlers and non-handlers. */
    static final List<String> ACTORS = List.of(REPORTER, NEIGHBOUR, LEADER, OTHER_LEADER, GW, OTHER_GW, CS, OTHER_CS,
            TS, DM, OTHER_DM, SHOP);

    /** Who may take each edge, for an event on the paths below (reporter's micro-grid, dispatched by CS to DEPT). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("withdraw", Set.of(REPORTER)),
            Map.entry("accept", Set.of(LEADER, GW, CS)),
            Map.entry("invalidate", Set.of(LEADER, GW, CS)),
            Map.entry("handle-in-grid", Set.of(LEADER, GW)),
            Map.entry("dispatch", Set.of(CS, TS)),
            Map.entry("dispatch-in-progress", Set.of(CS, TS)),
            Map.entry("sign", Set.of(DM)),
            Map.entry("return", Set.of(DM)),
            Map.entry("redispatch", Set.of(CS)),
            Map.entry("escalate", Set.of(DM)),
            Map.entry("dispatch-escalated", Set.of(TS)),
            Map.entry("resolve", Set.of(DM)),
            Map.entry("close", Set.of(CS, GW)),
            Map.entry("rework", Set.of(CS, GW)),
            Map.entry("reopen", Set.of(REPORTER)),
            Map.entry("resume", Set.of(DM)));

    private EventFixture f;

    @BeforeEach
    void setUp() {
        f = new EventFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** Brings a fresh event to {@code state} by a fixed path of permitted steps. */
    private String eventIn(EventState state) {
        String id = f.report(REPORTER, "市政设施/路灯损坏", "路灯坏了").getId();
        List<String[]> steps = new ArrayList<>();
        switch (state) {
            case SUBMITTED -> { }
            case ACCEPTED -> steps.add(new String[] {GW, "ACCEPTED", ""});
            case IN_PROGRESS, DISPATCHED, RETURNED, ESCALATED, RESOLVED, CLOSED, REOPENED -> {
                steps.add(new String[] {GW, "ACCEPTED", ""});
                steps.add(new String[] {CS, "DISPATCHED", DEPT});
                if (state == EventState.RETURNED) {
                    steps.add(new String[] {DM, "RETURNED", ""});
                } else if (state != EventState.DISPATCHED) {
                    steps.add(new String[] {DM, "IN_PROGRESS", ""});
                    if (state == EventState.ESCALATED) {
                        steps.add(new String[] {DM, "ESCALATED", ""});
                    } else if (state != EventState.IN_PROGRESS) {
                        steps.add(new String[] {DM, "RESOLVED", ""});
                        if (state == EventState.CLOSED || state == EventState.REOPENED) {
                            steps.add(new String[] {CS, "CLOSED", ""});
                        }
                        if (state == EventState.REOPENED) {
                            steps.add(new String[] {REPORTER, "REOPENED", ""});
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException(state.name());
        }
        for (String[] s : steps) {
            f.move(s[0], id, s[1], s[2]);
        }
        assertThat(f.event(id).state()).isEqualTo(state);
        return id;
    }

    @Test
    void everyActorTimesEveryTransition() {
        int allowed = 0;
        int refused = 0;
        for (Edge edge : WorkflowTable.EDGES) {
            Set<String> who = ALLOWED.get(edge.name());
            for (String actor : ACTORS) {
                String id = edge.from() == EventState.IN_PROGRESS && edge.name().equals("dispatch-in-progress")
                        ? inGridInProgress() : eventIn(edge.from());
                EventRecord before = f.event(id);
                String handler = edge.to() == EventState.DISPATCHED ? "qs-d1" : "";
                GridcastException e = f.refusal(actor, transition(id, edge.to(), handler));
                EventRecord after = f.event(id);
                if (who.contains(actor)) {
                    assertThat(e).as(edge.name() + " by " + actor).isNull();
                    assertThat(after.state()).isEqualTo(edge.to());
                    assertThat(after.version()).isEqualTo(before.version() + 1);
                    assertThat(f.await(f.store.timeline(id))).last()
                            .satisfies(t -> assertThat(t.getActor() + t.getState()).isEqualTo(actor + edge.to()));
                    allowed++;
                } else {
                    assertThat(e).as(edge.name() + " by " + actor).isNotNull();
                    assertThat(e.code()).as(edge.name() + " by " + actor).isIn(ErrorCode.FORBIDDEN);
                    assertThat(after.fields()).isEqualTo(before.fields());
                    refused++;
                }
            }
        }
        assertThat(allowed).isEqualTo(ALLOWED.values().stream().mapToInt(Set::size).sum());
        assertThat(refused).isEqualTo(WorkflowTable.EDGES.size() * ACTORS.size() - allowed);
    }

    private String inGridInProgress() {
        String id = f.report(REPORTER, "市政设施/路灯损坏", "路灯坏了").getId();
        f.move(GW, id, "ACCEPTED");
        f.move(GW, id, "IN_PROGRESS");
        return id;
    }

    @Test
    void illegalTransitionsAreRefusedWithConflictAndChangeNothing() {
        for (EventState from : EventState.values()) {
            if (from == EventState.INVALID || from == EventState.WITHDRAWN) {
                continue;
            }
            String id = eventIn(from);
            EventRecord before = f.event(id);
            for (EventState to : EventState.values()) {
                if (WorkflowTable.edge(from, to).isPresent()) {
                    continue;
                }
                GridcastException e = f.refusal(CS, transition(id, to, DEPT));
                assertThat(e).as(from + " -> " + to).isNotNull();
                assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                assertThat(e.getMessage()).contains("ILLEGAL_TRANSITION");
            }
            assertThat(f.event(id).fields()).isEqualTo(before.fields());
        }
    }

    @Test
    void reopenWithin72HoursButNotAfter() {
        String a = eventIn(EventState.CLOSED);
        String b = eventIn(EventState.CLOSED);
        f.clock.advance(Duration.ofHours(71));
        assertThat(f.move(REPORTER, a, "REOPENED").getState()).isEqualTo("REOPENED");
        f.clock.advance(Duration.ofHours(2));
        GridcastException late = f.refusal(REPORTER, transition(b, EventState.REOPENED, ""));
        assertThat(late.getMessage()).startsWith("REOPEN_WINDOW_PASSED");
        assertThat(f.event(b).state()).isEqualTo(EventState.CLOSED);
        assertThat(f.move(DM, a, "IN_PROGRESS").getState()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void aStaleExpectedVersionIsRefused() {
        String id = eventIn(EventState.SUBMITTED);
        EventCall call = EventCall.newBuilder().setTransition(TransitionEvent.newBuilder().setId(id).setTo("ACCEPTED")
                .setExpectedVersion(5)).build();
        GridcastException e = f.refusal(GW, call);
        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(e.getMessage()).startsWith("STALE");
        assertThat(f.event(id).state()).isEqualTo(EventState.SUBMITTED);
    }

    static EventCall transition(String id, EventState to, String handler) {
        return EventCall.newBuilder().setTransition(TransitionEvent.newBuilder().setId(id).setTo(to.name())
                .setHandler(handler)).build();
    }
}
