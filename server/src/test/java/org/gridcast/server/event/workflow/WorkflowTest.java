package org.gridcast.server.event.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.event.MutableClock;
import org.junit.jupiter.api.Test;

class WorkflowTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2022-06-01T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    private final Workflow workflow = new Workflow(clock);

    /** The table, written out independently of WorkflowTable. */
    private static final Map<String, Set<Capacity>> EXPECTED = Map.ofEntries(
            Map.entry("SUBMITTED>WITHDRAWN", Set.of(Capacity.REPORTER)),
            Map.entry("SUBMITTED>ACCEPTED", Set.of(Capacity.GRID_WORKER, Capacity.MICROGRID_LEADER, Capacity.COMMUNITY_STAFF)),
            Map.entry("SUBMITTED>INVALID", Set.of(Capacity.GRID_WORKER, Capacity.MICROGRID_LEADER, Capacity.COMMUNITY_STAFF)),
            Map.entry("ACCEPTED>IN_PROGRESS", Set.of(Capacity.GRID_WORKER, Capacity.MICROGRID_LEADER)),
            Map.entry("ACCEPTED>DISPATCHED", Set.of(Capacity.COMMUNITY_STAFF, Capacity.TOWN_STAFF)),
            Map.entry("IN_PROGRESS>DISPATCHED", Set.of(Capacity.COMMUNITY_STAFF, Capacity.TOWN_STAFF)),
            Map.entry("DISPATCHED>IN_PROGRESS", Set.of(Capacity.HANDLER)),
            Map.entry("DISPATCHED>RETURNED", Set.of(Capacity.HANDLER)),
            Map.entry("RETURNED>DISPATCHED", Set.of(Capacity.DISPATCHER)),
            Map.entry("IN_PROGRESS>ESCALATED", Set.of(Capacity.HANDLER)),
            Map.entry("ESCALATED>DISPATCHED", Set.of(Capacity.LEVEL_ABOVE)),
            Map.entry("IN_PROGRESS>RESOLVED", Set.of(Capacity.HANDLER)),
            Map.entry("RESOLVED>CLOSED", Set.of(Capacity.DISPATCHER, Capacity.GRID_WORKER)),
            Map.entry("RESOLVED>IN_PROGRESS", Set.of(Capacity.DISPATCHER, Capacity.GRID_WORKER)),
            Map.entry("CLOSED>REOPENED", Set.of(Capacity.REPORTER)),
            Map.entry("REOPENED>IN_PROGRESS", Set.of(Capacity.HANDLER)));

    @Test
    void everyCapacityTimesEveryStatePairIsAllowedExactlyAsTheTableSays() {
        int allowed = 0;
        int refused = 0;
        for (EventState from : EventState.values()) {
            for (EventState to : EventState.values()) {
                Set<Capacity> who = EXPECTED.get(from + ">" + to);
                for (Capacity c : Capacity.values()) {
                    Set<Capacity> held = EnumSet.of(c);
                    if (who != null && who.contains(c)) {
                        assertThat(workflow.check(from, to, held).to()).isEqualTo(to);
                        allowed++;
                    } else {
                        Refusal expected = who == null ? Refusal.ILLEGAL_TRANSITION : Refusal.NOT_PERMITTED;
                        assertThatThrownBy(() -> workflow.check(from, to, held))
                                .isInstanceOfSatisfying(EventRefusedException.class,
                                        e -> assertThat(e.refusal()).as(from + ">" + to + " by " + c).isEqualTo(expected));
                        refused++;
                    }
                }
                // Holding no capacity at all never works either.
                assertThatThrownBy(() -> workflow.check(from, to, EnumSet.noneOf(Capacity.class)))
                        .isInstanceOf(EventRefusedException.class);
            }
        }
        assertThat(allowed).isEqualTo(EXPECTED.values().stream().mapToInt(Set::size).sum());
        assertThat(allowed + refused).isEqualTo(11 * 11 * Capacity.values().length);
        assertThat(WorkflowTable.EDGES).hasSize(EXPECTED.size());
    }

    @Test
    void refusalsCarryClearWireCodes() {
        assertThatThrownBy(() -> workflow.check(EventState.CLOSED, EventState.DISPATCHED, EnumSet.allOf(Capacity.class)))
                .isInstanceOfSatisfying(EventRefusedException.class, e -> {
                    assertThat(e.toGridcast().code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).startsWith("ILLEGAL_TRANSITION: no transition CLOSED -> DISPATCHED");
                });
        assertThatThrownBy(() -> workflow.check(EventState.SUBMITTED, EventState.ACCEPTED, EnumSet.of(Capacity.REPORTER)))
                .isInstanceOfSatisfying(EventRefusedException.class,
                        e -> assertThat(e.toGridcast().code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void reopenWithin72HoursOnlyAndOnlyByTheReporter() {
        long closedAt = clock.millis();
        clock.advance(Duration.ofHours(72));
        assertThat(workflow.checkReopen(EnumSet.of(Capacity.REPORTER), closedAt).to()).isEqualTo(EventState.REOPENED);
        assertThatThrownBy(() -> workflow.checkReopen(EnumSet.of(Capacity.HANDLER), closedAt))
                .isInstanceOfSatisfying(EventRefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.NOT_PERMITTED));
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> workflow.checkReopen(EnumSet.of(Capacity.REPORTER), closedAt))
                .isInstanceOfSatisfying(EventRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.REOPEN_WINDOW_PASSED));
    }

    @Test
    void rateOnlyClosedOnlyReporterOnlyOnce() {
        workflow.checkRate(EventState.CLOSED, EnumSet.of(Capacity.REPORTER), false);
        for (EventState s : EventState.values()) {
            if (s != EventState.CLOSED) {
                assertThatThrownBy(() -> workflow.checkRate(s, EnumSet.of(Capacity.REPORTER), false))
                        .isInstanceOfSatisfying(EventRefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.NOT_CLOSED));
            }
        }
        for (Capacity c : Capacity.values()) {
            if (c != Capacity.REPORTER) {
                assertThatThrownBy(() -> workflow.checkRate(EventState.CLOSED, EnumSet.of(c), false))
                        .isInstanceOfSatisfying(EventRefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.NOT_PERMITTED));
            }
        }
        assertThatThrownBy(() -> workflow.checkRate(EventState.CLOSED, EnumSet.of(Capacity.REPORTER), true))
                .isInstanceOfSatisfying(EventRefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.ALREADY_RATED));
        assertThat(Rating.parse("basic").isSatisfied()).isTrue();
        assertThat(Rating.parse("unsatisfied").isSatisfied()).isFalse();
    }
}
