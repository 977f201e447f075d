package org.gridcast.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.seeds.events.StreetYearGenerator.communityStaff;
import static org.gridcast.seeds.events.StreetYearGenerator.gridWorker;
import static org.gridcast.seeds.events.StreetYearGenerator.resident;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventStats;
import org.gridcast.protocol.FollowUpEvent;
import org.gridcast.protocol.GetStats;
import org.gridcast.protocol.RateEvent;
import org.gridcast.seeds.events.SeedEvent;
import org.gridcast.seeds.events.SeedStep;
import org.gridcast.seeds.events.StreetYear;
import org.gridcast.seeds.events.StreetYearGenerator;
import org.gridcast.server.event.deadline.DeadlinePolicy;
import org.gridcast.server.event.stats.EventStatsService;
import org.gridcast.server.event.stats.StatsCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
class EventStatsIT {
    static final String ALICE = resident(1, 1, 1, 0);
    static final String CAROL = resident(2, 1, 1, 0);
    static final String GW = gridWorker(1, 1);
    static final String GW2 = gridWorker(2, 1);
    static final String CS = communityStaff(1, 0);

    private EventFixture f;

    @BeforeEach
    void setUp() {
        f = new EventFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aSmallKnownHistoryGivesExactNumbers() {
        // E1: handled in the grid, on time, satisfied, followed up.
        String e1 = f.report(ALICE, "城市管理/乱堆乱放", "杂物").getId();
        f.move(GW, e1, "ACCEPTED");
        f.move(GW, e1, "IN_PROGRESS");
        f.move(GW, e1, "RESOLVED");
        f.move(GW, e1, "CLOSED");
        rate(ALICE, e1, "satisfied");
        f.call(GW, EventCall.newBuilder().setFollowUp(FollowUpEvent.newBuilder().setId(e1).setNote("回访")).build());
        // E2: dispatched, resolved after its 3-day limit, closed, unsatisfied.
        String e2 = f.report(ALICE, "城市管理/占道经营", "摊贩").getId();
        f.move(GW, e2, "ACCEPTED");
        f.move(CS, e2, "DISPATCHED", "qs-d0");
        f.move("dm-qs-d0-0", e2, "IN_PROGRESS");
        f.clock.advance(Duration.ofDays(4));
        f.move("dm-qs-d0-0", e2, "RESOLVED");
        f.move(CS, e2, "CLOSED");
        rate(ALICE, e2, "unsatisfied");
        // E3 invalid, E4 withdrawn, E5 dispatched and still open.
        String e3 = f.report(ALICE, "城市管理/乱堆乱放", "重复").getId();
        f.move(GW, e3, "INVALID");
        String e4 = f.report(ALICE, "城市管理/乱堆乱放", "撤回").getId();
        f.move(ALICE, e4, "WITHDRAWN");
        String e5 = f.report(ALICE, "城市管理/乱堆乱放", "在办").getId();
        f.move(GW, e5, "ACCEPTED");
        f.move(CS, e5, "DISPATCHED", "qs-d0");
        // E6: another community, another day; closed on time, basically satisfied.
        f.clock.advance(Duration.ofDays(1));
        String e6 = f.report(CAROL, "城市管理/乱堆乱放", "杂物").getId();
        f.move(GW2, e6, "ACCEPTED");
        f.move(GW2, e6, "IN_PROGRESS");
        f.move(GW2, e6, "RESOLVED");
        f.move(GW2, e6, "CLOSED");
        rate(CAROL, e6, "basic");

        EventStats c1 = stats(CS, "qs-c01", "2022-06-01", "2022-06-30");
        assertThat(new long[] {c1.getReported(), c1.getValid(), c1.getTransferred(), c1.getClosed(), c1.getClosedOnTime(),
                c1.getRated(), c1.getSatisfied(), c1.getFollowedUp()}).containsExactly(5, 3, 2, 2, 1, 2, 1, 1);
        assertThat(c1.getRates().getValid()).isEqualTo(0.6);
        assertThat(c1.getRates().getTransfer()).isEqualTo(2.0 / 3);
        assertThat(c1.getRates().getClosure()).isEqualTo(2.0 / 3);
        assertThat(c1.getRates().getOnTimeClosure()).isEqualTo(0.5);
        assertThat(c1.getRates().getSatisfaction()).isEqualTo(0.5);
        assertThat(c1.getRates().getFollowUp()).isEqualTo(0.5);

        EventStats town = stats("ts-0", "qs", "2022-06-01", "2022-06-30");
        assertThat(new long[] {town.getReported(), town.getValid(), town.getTransferred(), town.getClosed(),
                town.getClosedOnTime(), town.getRated(), town.getSatisfied(), town.getFollowedUp()})
                .containsExactly(6, 4, 2, 3, 2, 3, 2, 1);
        // E6 was reported on June 6th (Shanghai); a period that ends on the 5th leaves it out.
        assertThat(stats("ts-0", "qs", "2022-06-01", "2022-06-05").getReported()).isEqualTo(5);
        assertThat(stats("ts-0", "qs", "2022-06-06", "2022-06-06").getClosed()).isEqualTo(1);

        // Reopening takes E6 out of closed, rated and satisfied until it is closed and rated again.
        f.move(CAROL, e6, "REOPENED");
        EventStats after = stats("ts-0", "qs", "2022-06-01", "2022-06-30");
        assertThat(new long[] {after.getClosed(), after.getRated(), after.getSatisfied(), after.getFollowedUp()})
                .containsExactly(2, 2, 1, 1);
        assertThat(town.getOverdue()).isZero();
        // Residents and out-of-scope staff get no stats.
        assertThat(f.refusal(ALICE, statsCall("qs-c01", "", "")).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(f.refusal(CS, statsCall("qs", "", "")).code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void statsOverTheGeneratedYearEqualAnIndependentCount() {
        StreetYear year = StreetYearGenerator.generate(2022);
        assertThat(year.events()).hasSize(StreetYearGenerator.EVENTS_2022);
        SeedDirectory dir = new SeedDirectory(year.units(), year.members());
        DeadlinePolicy policy = DeadlinePolicy.standard();
        long asOf = LocalDate.of(2023, 1, 1).atStartOfDay(year.zone()).toInstant().toEpochMilli();
        f.await(new EventImporter(f.store, dir, policy, year.zone()).importAll(year.events(), asOf));
        EventStatsService stats = new EventStatsService(f.redis, dir, f.clock, year.zone());

        LocalDate jan1 = LocalDate.of(2022, 1, 1);
        LocalDate dec31 = LocalDate.of(2022, 12, 31);
        assertThat(f.await(stats.compute("qs", jan1, dec31)))
                .isEqualTo(count(year, dir, policy, "qs", jan1, dec31));
        assertThat(f.await(stats.compute("qs-c05", jan1, dec31)))
                .isEqualTo(count(year, dir, policy, "qs-c05", jan1, dec31));
        LocalDate mar1 = LocalDate.of(2022, 3, 1);
        LocalDate mar31 = LocalDate.of(2022, 3, 31);
        assertThat(f.await(stats.compute("qs-c05-g2", mar1, mar31)))
                .isEqualTo(count(year, dir, policy, "qs-c05-g2", mar1, mar31));

        StatsCounts all = f.await(stats.compute("qs", jan1, dec31));
        // A realistic mix: most valid, a third transferred, nearly all closed, mostly satisfied.
        assertThat(all.reported()).isEqualTo(24_473);
        assertThat(all.rates().getValid()).isBetween(0.9, 0.96);
        assertThat(all.rates().getTransfer()).isBetween(0.3, 0.5);
        assertThat(all.rates().getClosure()).isBetween(0.97, 1.0);
        assertThat(all.rates().getSatisfaction()).isBetween(0.95, 1.0);
    }

    /** Counts straight from the generated histories, without Redis or the Lua summaries. */
    static StatsCounts count(StreetYear year, SeedDirectory dir, DeadlinePolicy policy, String unit, LocalDate from,
                             LocalDate to) {
        long asOf = LocalDate.of(year.year() + 1, 1, 1).atStartOfDay(year.zone()).toInstant().toEpochMilli();
        ZoneId zone = year.zone();
        long[] c = new long[StatsCounts.METRICS.length];
        for (SeedEvent e : year.events()) {
            LocalDate day = Instant.ofEpochMilli(e.reportedAtMs()).atZone(zone).toLocalDate();
            if (day.isBefore(from) || day.isAfter(to) || !dir.within(unit, e.unit())) {
                continue;
            }
            boolean closed = e.finalState().equals("CLOSED");
            long start = 0;
            long resolved = 0;
            for (SeedStep s : e.steps()) {
                if (s.state().equals("ACCEPTED") || s.state().equals("REOPENED")) {
                    start = s.atMs();
                }
                if (s.state().equals("RESOLVED")) {
                    resolved = s.atMs();
                }
            }
            c[0]++;
            c[1] += e.reached("ACCEPTED") ? 1 : 0;
            c[2] += e.reached("DISPATCHED") ? 1 : 0;
            c[3] += closed ? 1 : 0;
            c[4] += closed && resolved - start <= policy.resolveMillis(e.category(), e.urgent()) ? 1 : 0;
            c[5] += e.rating().isEmpty() ? 0 : 1;
            c[6] += e.rating().equals("satisfied") || e.rating().equals("basic") ? 1 : 0;
            c[7] += closed && e.followUps() > 0 ? 1 : 0;
            // Red flag: the acceptance or the (last) resolution phase ran past its limit.
            long acceptEnd = e.steps().isEmpty() ? asOf : e.steps().get(0).atMs();
            boolean lateAccept = acceptEnd - e.reportedAtMs() >= policy.acceptMillis(e.category(), e.urgent());
            long resolveEnd = resolved > 0 && resolved >= start ? resolved : asOf;
            boolean lateResolve = start > 0 && resolveEnd - start >= policy.resolveMillis(e.category(), e.urgent());
            c[8] += lateAccept || lateResolve ? 1 : 0;
        }
        return StatsCounts.of(c);
    }

    private EventStats stats(String actor, String unit, String from, String to) {
        return f.call(actor, statsCall(unit, from, to)).getStats();
    }

    private static EventCall statsCall(String unit, String from, String to) {
        return EventCall.newBuilder().setStats(GetStats.newBuilder().setUnit(unit).setFrom(from).setTo(to)).build();
    }

    private void rate(String actor, String id, String score) {
        f.call(actor, EventCall.newBuilder().setRate(RateEvent.newBuilder().setId(id).setScore(score)).build());
    }
}
