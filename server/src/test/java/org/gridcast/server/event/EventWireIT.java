package org.gridcast.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.client.NoticeListener;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventDetail;
import org.gridcast.protocol.EventRef;
import org.gridcast.protocol.EventStats;
import org.gridcast.protocol.EventUpdate;
import org.gridcast.protocol.GetEvent;
import org.gridcast.protocol.GetStats;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.RateEvent;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.TimelineEntry;
import org.gridcast.protocol.TransitionEvent;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.notice.Channels;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event workflow over real sockets on the real server with the built-in seeds: a resident
 * of 航海路社区 reports a broken street light, the grid worker accepts, community staff dispatch
 * it to the 航海路 shop alliance, a shop takes and resolves it, the grid worker closes it, the
 * resident rates it; every step lands in the reporter's inbox as a core notice.
 */
@Timeout(120)
class EventWireIT {
    static final String RESIDENT = "qs-hanghailu-g1-m1-r1";
    static final String GRID_WORKER = "qs-hanghailu-g1-w";
    static final String COMMUNITY_STAFF = "qs-hanghailu-s1";
    static final String SHOP = "qs-hanghailu-shops-1";
    static final String SHOP_ALLIANCE = "qs-hanghailu-shops";

    static GridcastServer server;

    @BeforeAll
    static void start() throws Exception {
        TestRedis.flushAll();
        Path dir = Files.createTempDirectory("gridcast-events");
        ServerConfig config = ServerConfig.builder(dir).redisUri(TestRedis.uri()).port(0).httpPort(0).build();
        server = GridcastServer.start(config, GridcastServices.builder(config, Clock.systemUTC()).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shopFlowFromReportToRatingReachesTheReporterInboxAndTheStats() throws Exception {
        List<Notice> inbox = new CopyOnWriteArrayList<>();
        try (GridcastClient resident = client(RESIDENT, new NoticeListener() {
                 @Override
                 public void onNotice(Notice notice, boolean backlog) {
                     if (notice.getChannel().equals(Channels.inbox(RESIDENT))) {
                         inbox.add(notice);
                     }
                 }
             });
             GridcastClient worker = client(GRID_WORKER, new NoticeListener() { });
             GridcastClient staff = client(COMMUNITY_STAFF, new NoticeListener() { });
             GridcastClient shop = client(SHOP, new NoticeListener() { })) {

            EventRef reported = call(resident, EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                    .setCategory("市政设施/路灯损坏").setText("航海路12号门口路灯不亮，晚上很黑。")
                    .setClientReportId("report-1"))).getEvent();
            assertThat(reported.getState()).isEqualTo("SUBMITTED");
            EventRef retried = call(resident, EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                    .setCategory("市政设施/路灯损坏").setText("航海路12号门口路灯不亮，晚上很黑。")
                    .setClientReportId("report-1"))).getEvent();
            assertThat(retried.getId()).isEqualTo(reported.getId());

            String id = reported.getId();
            assertThatThrownBy(() -> transition(resident, id, "ACCEPTED", ""))
                    .hasRootCauseInstanceOf(GridcastClientException.class)
                    .rootCause().extracting(e -> ((GridcastClientException) e).code()).isEqualTo("FORBIDDEN");

            assertThat(transition(worker, id, "ACCEPTED", "")).isEqualTo("ACCEPTED");
            assertThat(transition(staff, id, "DISPATCHED", SHOP_ALLIANCE)).isEqualTo("DISPATCHED");
            assertThat(transition(shop, id, "IN_PROGRESS", "")).isEqualTo("IN_PROGRESS");
            assertThat(transition(shop, id, "RESOLVED", "")).isEqualTo("RESOLVED");
            assertThat(transition(worker, id, "CLOSED", "")).isEqualTo("CLOSED");
            assertThat(call(resident, EventCall.newBuilder().setRate(RateEvent.newBuilder().setId(id)
                    .setScore("satisfied").setComment("修得很快"))).getEvent().getState()).isEqualTo("CLOSED");

            EventDetail detail = call(resident, EventCall.newBuilder().setGet(GetEvent.newBuilder().setId(id))).getDetail();
            assertThat(detail.getTimelineList()).extracting(TimelineEntry::getState)
                    .containsExactly("SUBMITTED", "ACCEPTED", "DISPATCHED", "IN_PROGRESS", "RESOLVED", "CLOSED", "CLOSED");
            assertThat(detail.getTimelineList()).extracting(TimelineEntry::getActor)
                    .containsExactly(RESIDENT, GRID_WORKER, COMMUNITY_STAFF, SHOP, SHOP, GRID_WORKER, RESIDENT);
            assertThat(detail.getRating()).isEqualTo("satisfied");

            // Every step, the report itself included, reached the reporter's inbox in order, once.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (inbox.size() < 7 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<String> states = new ArrayList<>();
            for (Notice n : inbox) {
                assertThat(n.getKind()).isEqualTo("event");
                states.add(update(n).getState());
            }
            assertThat(states).containsExactly("SUBMITTED", "ACCEPTED", "DISPATCHED", "IN_PROGRESS", "RESOLVED", "CLOSED", "CLOSED");
            assertThat(inbox).extracting(Notice::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(resident.unread().get(10, TimeUnit.SECONDS).getChannelsOrDefault(Channels.inbox(RESIDENT), -1))
                    .isEqualTo(7);

            EventStats stats = call(staff, EventCall.newBuilder().setStats(GetStats.newBuilder()
                    .setUnit("qs-hanghailu"))).getStats();
            assertThat(stats.getReported()).isEqualTo(1);
            assertThat(stats.getValid()).isEqualTo(1);
            assertThat(stats.getTransferred()).isEqualTo(1);
            assertThat(stats.getClosed()).isEqualTo(1);
            assertThat(stats.getRated()).isEqualTo(1);
            assertThat(stats.getSatisfied()).isEqualTo(1);
            assertThat(stats.getRates().getSatisfaction()).isEqualTo(1.0);
        }
    }

    private static EventUpdate update(Notice n) {
        try {
            return EventUpdate.parseFrom(n.getExtra());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static String transition(GridcastClient c, String id, String to, String handler) throws Exception {
        return call(c, EventCall.newBuilder().setTransition(TransitionEvent.newBuilder().setId(id).setTo(to)
                .setHandler(handler).setNote("第" + to + "步"))).getEvent().getState();
    }

    private static org.gridcast.protocol.EventResult call(GridcastClient c, EventCall.Builder call) throws Exception {
        return c.event(call.build()).get(10, TimeUnit.SECONDS);
    }

    private static GridcastClient client(String member, NoticeListener listener) throws Exception {
        GridcastClient c = GridcastClient.builder().server("127.0.0.1", server.tcpPort())
                .token(server.runtime().tokens().issue(member, "phone")).device("phone").listener(listener).build();
        c.connect().get(10, TimeUnit.SECONDS);
        return c;
    }
}
