package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.InMemoryCursorStore;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.Cursor;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Notice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A member that was offline gets exactly what it missed on reconnect: in order, none twice, nothing it had. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CatchUpIT {
    private static final String R1 = resident(M1, 1);
    private ItServer server;

    @BeforeEach
    void start() throws Exception {
        server = ItServer.start(SEEDS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void clientReconnectingWithItsCursorsGetsExactlyTheMissedNotices() throws Exception {
        InMemoryCursorStore cursors = new InMemoryCursorStore();
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk")) {
            staff.ok(Requests.toUnit(M1, "一"));
            Recorder first = new Recorder();
            try (GridcastClient phone = client(cursors, first)) {
                phone.connect().get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
                first.awaitNotices(1);
                staff.ok(Requests.toUnit(M1, "二"));
                List<Recorder.Received> online = first.awaitNotices(2);
                assertThat(online).extracting(Recorder.Received::key).containsExactly(unit(M1) + "#1", unit(M1) + "#2");
                assertThat(online).extracting(Recorder.Received::backlog).containsExactly(true, false);
                // the client raises its cursor right after the callback returns
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ItServer.WAIT_SECONDS);
                while (cursors.delivered(unit(M1)).orElse(0) < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            assertThat(cursors.snapshot()).containsEntry(unit(M1), 2L);

            // offline: three for the micro-grid, one for the grid, one point-to-point
            staff.ok(Requests.toUnit(M1, "三"));
            staff.ok(Requests.toUnit(M1, "四"));
            staff.ok(Requests.toUnit(M1, "五"));
            staff.ok(Requests.toUnit(G1, "网格一"));
            staff.ok(Requests.toMembers(List.of(R1), Requests.body("点对点"), "p2p"));
        }

        Recorder second = new Recorder();
        try (GridcastClient phone = client(cursors, second)) {
            LoginOk ok = phone.connect().get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
            second.awaitSynced(1);
            assertThat(ok.getUnreadTotal()).isEqualTo(7);
            List<Recorder.Received> got = second.notices();
            assertThat(got).extracting(Recorder.Received::key).containsExactlyInAnyOrder(
                    unit(M1) + "#3", unit(M1) + "#4", unit(M1) + "#5", unit(G1) + "#1", inbox(R1) + "#1");
            assertThat(got).allMatch(Recorder.Received::backlog);
            assertThat(got).filteredOn(r -> r.notice().getChannel().equals(unit(M1)))
                    .extracting(r -> r.notice().getBody().getTitle()).containsExactly("三", "四", "五");
            assertThat(second.hasNoMoreWithin(300)).isTrue();
            assertThat(cursors.snapshot()).containsEntry(unit(M1), 5L).containsEntry(unit(G1), 1L)
                    .containsEntry(inbox(R1), 1L);
        }
    }

    @Test
    void loginWithCursorsReportsHeadsAndFetchPagesFromThem() throws Exception {
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk")) {
            for (String title : List.of("一", "二", "三", "四", "五")) {
                staff.ok(Requests.toUnit(M1, title));
            }
        }
        try (Wire phone = server.raw(R1, "tablet",
                List.of(Cursor.newBuilder().setChannel(unit(M1)).setDelivered(2).build()))) {
            LoginOk ok = server.lastLogin();
            assertThat(ok.getUnreadTotal()).isEqualTo(5);
            assertThat(ok.getChannelsList()).extracting(ChannelState::getChannel)
                    .containsExactlyInAnyOrder(unit(M1), unit(G1), unit(COMMUNITY), unit(TOWN), inbox(R1));
            ChannelState m1 = ok.getChannelsList().stream().filter(c -> c.getChannel().equals(unit(M1))).findFirst().orElseThrow();
            assertThat(List.of(m1.getHead(), m1.getRead(), m1.getStart(), m1.getUnread())).containsExactly(5L, 0L, 0L, 5L);

            FetchResult page1 = phone.ok(Requests.fetch(unit(M1), 2, 2)).getFetchResult();
            assertThat(page1.getNoticesList()).extracting(Notice::getSeq).containsExactly(3L, 4L);
            assertThat(page1.getHead()).isEqualTo(5);
            FetchResult page2 = phone.ok(Requests.fetch(unit(M1), 4, 2)).getFetchResult();
            assertThat(page2.getNoticesList()).extracting(Notice::getSeq).containsExactly(5L);
            assertThat(page2.getNoticesList()).extracting(n -> n.getBody().getTitle()).containsExactly("五");
            assertThat(phone.ok(Requests.fetch(unit(M1), 5, 2)).getFetchResult().getNoticesList()).isEmpty();
        }
    }

    private GridcastClient client(InMemoryCursorStore cursors, Recorder recorder) {
        return GridcastClient.builder().server("127.0.0.1", server.port()).token(server.token(R1, "phone"))
                .device("phone").cursorStore(cursors).listener(recorder)
                .options(ClientOptions.builder().autoReconnect(false).build()).build();
    }
}
