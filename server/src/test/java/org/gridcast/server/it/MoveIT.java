package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.DirectoryChanged;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Receipts;
import org.gridcast.protocol.UnreadCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A resident changes micro-grid while online: the live session follows the new one at once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MoveIT {
    private static final String MOVER = resident(M1, 1);
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
    void liveSessionFollowsTheNewMicrogridAndNotTheOld() throws Exception {
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk"); Wire phone = server.raw(MOVER, "phone")) {
            staff.ok(Requests.toUnit(M2, "新微网格的旧通知"));
            assertThat(server.lastLogin().getUnreadTotal()).isZero();

            Envelope moved = staff.call(Requests.move(MOVER, M2));
            assertThat(moved.hasError()).as("MoveMember reply %s", moved).isFalse();
            assertThat(moved.getDirectoryPage().getMembersList()).extracting(m -> m.getId() + "@" + m.getUnit())
                    .containsExactly(MOVER + "@" + M2);

            DirectoryChanged changed = phone.push(Envelope.BodyCase.DIRECTORY_CHANGED).getDirectoryChanged();
            assertThat(changed.getUnit()).isEqualTo(M2);
            assertThat(changed.getRole()).isEqualTo("RESIDENT");
            // the notice of the move is in the inbox before the change reaches the phone
            assertThat(changed.getUnreadTotal()).isEqualTo(1);
            assertThat(changed.getChannelsList()).extracting(ChannelState::getChannel)
                    .containsExactlyInAnyOrder(unit(M2), unit(G1), unit(COMMUNITY), unit(TOWN), inbox(MOVER));
            ChannelState m2 = changed.getChannelsList().stream().filter(c -> c.getChannel().equals(unit(M2)))
                    .findFirst().orElseThrow();
            assertThat(List.of(m2.getHead(), m2.getStart(), m2.getUnread())).containsExactly(1L, 1L, 0L);

            staff.ok(Requests.toUnit(M1, "旧微网格"));
            staff.ok(Requests.toUnit(M2, "新微网格"));
            staff.ok(Requests.toUnit(G1, "网格"));
            assertThat(phone.noticeKey()).isEqualTo(unit(M2) + "#2");
            assertThat(phone.noticeKey()).isEqualTo(unit(G1) + "#1");
            assertThat(phone.hasPush(300)).isFalse();

            UnreadCounts unread = phone.ok(Requests.unread()).getUnreadCounts();
            assertThat(unread.getTotal()).isEqualTo(3);
            assertThat(unread.getChannelsMap()).isEqualTo(Map.of(unit(M2), 1L, unit(G1), 1L, inbox(MOVER), 1L));
            assertThat(phone.error(Requests.fetch(unit(M1), 0, 10))).isEqualTo(ErrorCode.FORBIDDEN);

            // the old notice of m2 is not the mover's: m2's 157 residents and leader, not the mover
            Receipts old = staff.ok(Requests.receipts(unit(M2), 1, ReceiptList.RECEIPT_LIST_NONE, "", 0)).getReceipts();
            assertThat(old.getMembers()).isEqualTo(158);
            Receipts fresh = staff.ok(Requests.receipts(unit(M2), 2, ReceiptList.RECEIPT_LIST_NONE, "", 0)).getReceipts();
            assertThat(fresh.getMembers()).isEqualTo(159);
        }
        try (Wire again = server.raw(MOVER, "tablet")) {
            assertThat(server.lastLogin().getUnit()).isEqualTo(M2);
            assertThat(server.lastLogin().getUnreadTotal()).isEqualTo(3);
        }
    }

    /** A leader does not pull from another micro-grid (TakeoverIT); the grid worker over both does. */
    @Test
    void gridWorkerMovesAResidentBetweenMicrogridsOfTheGridButALeaderDoesNot() throws Exception {
        try (Wire leader = server.raw(M1_LEADER, "phone")) {
            assertThat(leader.error(Requests.move(resident(M2, 3), "t1-c1-g1-m3"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(leader.error(Requests.move(resident(M2, 3), G1))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(leader.error(Requests.move(resident(M2, 3), M1))).isEqualTo(ErrorCode.FORBIDDEN);
        }
        try (Wire worker = server.raw(G1_WORKER, "desk")) {
            Envelope moved = worker.call(Requests.move(resident(M2, 3), M1));
            assertThat(moved.hasError()).as("MoveMember reply %s", moved).isFalse();
            assertThat(moved.getDirectoryPage().getMembers(0).getUnit()).isEqualTo(M1);
        }
        try (Wire phone = server.raw(resident(M2, 3), "phone")) {
            assertThat(server.lastLogin().getUnit()).isEqualTo(M1);
        }
        try (Wire resident = server.raw(resident(M1, 2), "phone")) {
            assertThat(resident.error(Requests.move(resident(M1, 2), M2))).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }
}
