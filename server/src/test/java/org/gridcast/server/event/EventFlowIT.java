package org.gridcast.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.seeds.events.StreetYearGenerator.communityStaff;
import static org.gridcast.seeds.events.StreetYearGenerator.gridWorker;
import static org.gridcast.seeds.events.StreetYearGenerator.leader;
import static org.gridcast.seeds.events.StreetYearGenerator.resident;
import static org.gridcast.seeds.events.StreetYearGenerator.shop;

import java.time.Duration;
import java.util.List;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventDetail;
import org.gridcast.protocol.EventOrder;
import org.gridcast.protocol.EventPage;
import org.gridcast.protocol.EventQueue;
import org.gridcast.protocol.EventRef;
import org.gridcast.protocol.EventSummary;
import org.gridcast.protocol.GetEvent;
import org.gridcast.protocol.ListEvents;
import org.gridcast.protocol.Location;
import org.gridcast.protocol.RateEvent;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.TimelineEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reports, the shop flow, queues and scope, deadlines, against real Redis. */
@Timeout(60)
class EventFlowIT {
    static final String ALICE = resident(1, 1, 1, 0);
    static final String BOB = resident(1, 1, 2, 0);
    static final String LEADER = leader(1, 1, 1);
    static final String GW = gridWorker(1, 1);
    static final String CS = communityStaff(1, 0);
    static final String SHOP = shop(1, 0);
    static final String OTHER_SHOP = shop(1, 1);

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
    void reportIsIdempotentOnClientReportIdAndKeepsItsFields() {
        ReportEvent r = ReportEvent.newBuilder().setCategory("市政设施/下水道堵塞").setText("下水道堵了")
                .setClientReportId("phone-1").setUrgent(true).addAttachments("https://img.example/1.jpg")
                .setLocation(Location.newBuilder().setLat(30.35).setLng(120.28).setAddress("乔司街道永玄路")).build();
        EventRef first = f.call(ALICE, EventCall.newBuilder().setReport(r).build()).getEvent();
        EventRef again = f.call(ALICE, EventCall.newBuilder().setReport(r).build()).getEvent();
        assertThat(again).isEqualTo(first);
        assertThat(first.getState()).isEqualTo("SUBMITTED");
        assertThat(f.await(f.store.reportedBy(ALICE, 0, 10))).containsExactly(first.getId());
        EventDetail d = f.call(ALICE, EventCall.newBuilder().setGet(GetEvent.newBuilder().setId(first.getId())).build()).getDetail();
        assertThat(d.getAttachmentsList()).containsExactly("https://img.example/1.jpg");
        assertThat(d.getLocation().getAddress()).isEqualTo("乔司街道永玄路");
        assertThat(d.getSummary().getUrgent()).isTrue();
        // 市政设施 accepts within 4 h; urgent is a quarter of that.
        assertThat(d.getSummary().getDeadlineMs() - d.getSummary().getCreatedAtMs()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(d.getTimelineList()).extracting(TimelineEntry::getState, TimelineEntry::getActor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SUBMITTED", ALICE));
        // The first line of the micro-grid was told once; the retry told nobody again.
        assertThat(f.notifier.sent()).hasSize(1);
        assertThat(f.notifier.sent().get(0).members()).contains(ALICE, LEADER, GW).doesNotContain(CS, BOB);
    }

    @Test
    void reportsOnBehalfAndOnPatrolFollowTheRules() {
        EventRef onBehalf = f.call(LEADER, EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                .setCategory("环境卫生/垃圾清运").setText("替老人上报").setOnBehalfOf(ALICE)).build()).getEvent();
        assertThat(f.event(onBehalf.getId()).reporter()).isEqualTo(ALICE);
        assertThat(f.event(onBehalf.getId()).get(EventRecord.REPORTED_BY)).isEqualTo(LEADER);
        // A leader cannot report for a resident of another micro-grid; a resident not for another.
        assertThat(f.refusal(LEADER, EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                .setCategory("环境卫生/垃圾清运").setText("x").setOnBehalfOf(BOB)).build()).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(f.refusal(ALICE, EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                .setCategory("环境卫生/垃圾清运").setText("x").setOnBehalfOf(BOB)).build()).code()).isEqualTo(ErrorCode.FORBIDDEN);
        EventRef patrol = f.call(CS, EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                .setCategory("城市管理/占道经营").setText("巡查发现").setUnit("qs-c01-g3")).build()).getEvent();
        assertThat(f.event(patrol.getId()).unit()).isEqualTo("qs-c01-g3");
        assertThat(f.refusal(CS, EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                .setCategory("城市管理/占道经营").setText("x").setUnit("qs-c02-g1")).build()).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(f.refusal(ALICE, EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                .setCategory("no-level-two").setText("x")).build()).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        ReportEvent.Builder tooMany = ReportEvent.newBuilder().setCategory("a/b").setText("x");
        for (int i = 0; i < 10; i++) {
            tooMany.addAttachments("https://img.example/" + i);
        }
        assertThat(f.refusal(ALICE, EventCall.newBuilder().setReport(tooMany).build()).code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    }

    @Test
    void shopFlowResidentOrdersCommunityDispatchesShopAccepts() {
        String id = f.report(ALICE, "民生服务/家电维修", "热水器坏了").getId();
        f.move(GW, id, "ACCEPTED");
        f.notifier.clear();
        f.move(CS, id, "DISPATCHED", SHOP);
        assertThat(f.notifier.sent()).singleElement().satisfies(s -> {
            assertThat(s.members()).contains(SHOP, ALICE, CS);
            assertThat(s.update().getState()).isEqualTo("DISPATCHED");
        });
        EventPage shopQueue = f.call(SHOP, list(EventQueue.PENDING, "")).getPage();
        assertThat(shopQueue.getEventsList()).extracting(EventSummary::getId).containsExactly(id);
        assertThat(shopQueue.getPending()).isEqualTo(1);
        // Another shop sees nothing of it.
        assertThat(f.call(OTHER_SHOP, list(EventQueue.PENDING, "")).getPage().getEventsCount()).isZero();
        assertThat(f.refusal(OTHER_SHOP, get(id)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(f.refusal(OTHER_SHOP, EventWorkflowIT.transition(id,
                org.gridcast.server.event.workflow.EventState.IN_PROGRESS, "")).code()).isEqualTo(ErrorCode.FORBIDDEN);
        f.move(SHOP, id, "IN_PROGRESS");
        assertThat(f.call(SHOP, list(EventQueue.ACTIVE, "")).getPage().getEventsList()).extracting(EventSummary::getId).containsExactly(id);
        assertThat(f.call(SHOP, list(EventQueue.PENDING, "")).getPage().getEventsCount()).isZero();
        f.move(SHOP, id, "RESOLVED");
        f.move(CS, id, "CLOSED");
        EventRef rated = f.call(ALICE, EventCall.newBuilder().setRate(RateEvent.newBuilder().setId(id).setScore("satisfied")
                .setComment("师傅很专业")).build()).getEvent();
        assertThat(rated.getState()).isEqualTo("CLOSED");
        assertThat(f.refusal(ALICE, EventCall.newBuilder().setRate(RateEvent.newBuilder().setId(id).setScore("basic")).build())
                .getMessage()).startsWith("ALREADY_RATED");
        EventDetail d = f.call(ALICE, get(id)).getDetail();
        assertThat(d.getRating()).isEqualTo("satisfied");
        assertThat(d.getTimelineList()).extracting(TimelineEntry::getState).containsExactly(
                "SUBMITTED", "ACCEPTED", "DISPATCHED", "IN_PROGRESS", "RESOLVED", "CLOSED", "CLOSED");
        assertThat(d.getTimelineList().get(2).getActor()).isEqualTo(CS);
        assertThat(f.call(SHOP, list(EventQueue.ACTIVE, "")).getPage().getEventsCount()).isZero();
    }

    @Test
    void queuesAreScopedPagedAndOrdered() {
        String a1 = f.report(ALICE, "城市管理/乱堆乱放", "楼道杂物").getId();
        f.clock.advance(Duration.ofMinutes(1));
        String a2 = f.report(ALICE, "矛盾纠纷/邻里纠纷", "漏水纠纷").getId(); // accept within 1 h: earlier deadline
        f.clock.advance(Duration.ofMinutes(1));
        String b1 = f.report(BOB, "环境卫生/垃圾清运", "垃圾满了").getId();
        // The grid worker's grid holds all three, newest first; by deadline the dispute comes first.
        assertThat(ids(f.call(GW, list(EventQueue.PENDING, "")).getPage())).containsExactly(b1, a2, a1);
        EventPage byDeadline = listPage(ListEvents.newBuilder().setQueue(EventQueue.PENDING).setOrder(EventOrder.BY_DEADLINE).build());
        assertThat(ids(byDeadline)).containsExactly(a2, a1, b1);
        assertThat(ids(listPage(ListEvents.newBuilder().setQueue(EventQueue.PENDING).setOffset(1).setLimit(1).build())))
                .containsExactly(a2);
        // Alice's micro-grid leader sees only Alice's micro-grid.
        assertThat(ids(f.call(LEADER, list(EventQueue.PENDING, "")).getPage())).containsExactly(a2, a1);
        assertThat(f.refusal(LEADER, list(EventQueue.PENDING, "qs-c01-g1")).code()).isEqualTo(ErrorCode.FORBIDDEN);
        // A resident sees their own events only.
        assertThat(ids(f.call(ALICE, list(EventQueue.MINE, "")).getPage())).containsExactly(a2, a1);
        assertThat(f.refusal(ALICE, get(b1)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(f.refusal(ALICE, list(EventQueue.PENDING, "qs-c01-g1-m1")).code()).isEqualTo(ErrorCode.FORBIDDEN);
        // Community staff see it in the community queue; accepted moves it to active.
        f.move(GW, a1, "ACCEPTED");
        EventPage cs = f.call(CS, list(EventQueue.ACTIVE, "qs-c01")).getPage();
        assertThat(ids(cs)).containsExactly(a1);
        assertThat(cs.getPending()).isEqualTo(2);
        assertThat(cs.getActive()).isEqualTo(1);
        assertThat(f.refusal(communityStaff(2, 0), get(a1)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(f.call("ts-0", get(a1)).getDetail().getSummary().getState()).isEqualTo("ACCEPTED");
    }

    @Test
    void deadlinesRaiseYellowThenRedFlagsOnceAndRemindTheLevelAbove() {
        // 环境卫生 uses the default limits: accept within 2 h, yellow at 80% = 96 min.
        String id = f.report(ALICE, "环境卫生/垃圾清运", "垃圾满了").getId();
        f.notifier.clear();
        f.clock.advance(Duration.ofMinutes(95));
        assertThat(f.await(f.sweeper.sweepOnce())).isZero();
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.await(f.sweeper.sweepOnce())).isEqualTo(1);
        assertThat(f.await(f.sweeper.sweepOnce())).isZero();
        assertThat(summary(id).getOverdue()).isEqualTo("yellow");
        assertThat(f.call(GW, list(EventQueue.OVERDUE, "")).getPage().getEventsCount()).isZero();
        f.clock.advance(Duration.ofMinutes(24));
        assertThat(f.await(f.sweeper.sweepOnce())).isEqualTo(1);
        assertThat(f.await(f.sweeper.sweepOnce())).isZero();
        assertThat(summary(id).getOverdue()).isEqualTo("red");
        EventPage overdue = f.call(GW, list(EventQueue.OVERDUE, "")).getPage();
        assertThat(ids(overdue)).containsExactly(id);
        assertThat(overdue.getOverdue()).isEqualTo(1);
        // Reminded: the first line (leader, grid worker) and the level above (community staff).
        assertThat(f.notifier.sent()).hasSize(2);
        assertThat(f.notifier.sent()).allSatisfy(s -> assertThat(s.members())
                .contains(LEADER, GW, CS, communityStaff(1, 1)).doesNotContain(ALICE));
        assertThat(f.notifier.sent()).extracting(s -> s.update().getOverdue()).containsExactly("yellow", "red");
        // Accepting ends the acceptance phase: out of the overdue queue, the resolution clock runs.
        f.move(GW, id, "ACCEPTED");
        assertThat(f.call(GW, list(EventQueue.OVERDUE, "")).getPage().getEventsCount()).isZero();
        assertThat(summary(id).getOverdue()).isEmpty();
        f.move(CS, id, "DISPATCHED", "qs-d4");
        f.notifier.clear();
        f.clock.advance(Duration.ofDays(3));
        assertThat(f.await(f.sweeper.sweepOnce())).isEqualTo(1); // straight to red: yellow is skipped, not repeated
        assertThat(summary(id).getOverdue()).isEqualTo("red");
        assertThat(f.notifier.sent()).singleElement().satisfies(s -> assertThat(s.members())
                .contains("dm-qs-d4-0", "dm-qs-d4-1", CS, communityStaff(1, 1)));
        assertThat(f.call("dm-qs-d4-0", list(EventQueue.OVERDUE, "")).getPage().getEventsList())
                .extracting(EventSummary::getId).containsExactly(id);
        List<TimelineEntry> tl = f.await(f.store.timeline(id));
        assertThat(tl).extracting(TimelineEntry::getNote).contains("flag:yellow:acceptance", "flag:red:acceptance",
                "flag:red:resolution");
    }

    @Test
    void followUpsAreRecordedOnClosedEventsOnly() {
        String id = f.report(ALICE, "矛盾纠纷/邻里纠纷", "楼上漏水").getId();
        EventCall follow = EventCall.newBuilder().setFollowUp(org.gridcast.protocol.FollowUpEvent.newBuilder().setId(id)
                .setNote("电话回访，已和解")).build();
        assertThat(f.refusal(GW, follow).getMessage()).startsWith("NOT_CLOSED");
        f.move(GW, id, "ACCEPTED");
        f.move(GW, id, "IN_PROGRESS");
        f.move(GW, id, "RESOLVED");
        f.move(GW, id, "CLOSED");
        assertThat(f.refusal(ALICE, follow).code()).isEqualTo(ErrorCode.FORBIDDEN);
        f.call(GW, follow);
        f.call(CS, follow);
        assertThat(f.call(GW, get(id)).getDetail().getFollowUps()).isEqualTo(2);
    }

    private EventSummary summary(String id) {
        return f.call(GW, get(id)).getDetail().getSummary();
    }

    private static List<String> ids(EventPage p) {
        return p.getEventsList().stream().map(EventSummary::getId).toList();
    }

    private static List<String> ids(org.gridcast.protocol.EventResult r) {
        return ids(r.getPage());
    }

    static EventCall list(EventQueue q, String unit) {
        return EventCall.newBuilder().setList(ListEvents.newBuilder().setQueue(q).setUnit(unit)).build();
    }

    private EventCall list(ListEvents l) {
        return EventCall.newBuilder().setList(l).build();
    }

    private EventPage listPage(ListEvents l) {
        return f.call(GW, list(l)).getPage();
    }

    static EventCall get(String id) {
        return EventCall.newBuilder().setGet(GetEvent.newBuilder().setId(id)).build();
    }
}
