package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Receipts;
import org.gridcast.protocol.Reminded;
import org.gridcast.seeds.SyntheticTown;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Read / unread / confirmed lists of a unit notice, and "remind unread" (提醒未读). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadListsIT {
    /** m2 of grid 1: 157 residents and its leader. */
    private static final int M2_RESIDENTS = 157;
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
    void countsAndPagedListsAreExact() throws Exception {
        assertThat(new SyntheticTown(1100, 1).plan().residentsIn(1, 1, 2)).isEqualTo(M2_RESIDENTS);
        List<String> audience = Town.members(M2, M2_RESIDENTS);
        String r1 = resident(M2, 1);
        String r2 = resident(M2, 2);
        String r3 = resident(M2, 3);
        String r4 = resident(M2, 4);
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk")) {
            NoticeBody body = NoticeBody.newBuilder().setTitle("疫苗接种").setText("请确认收到").setNeedsConfirm(true).build();
            assertThat(staff.ok(Requests.toUnit(M2, body, "vac")).getNoticePosted().getSeq()).isEqualTo(1);
            for (String reader : List.of(r1, r2, r3)) {
                try (Wire phone = server.raw(reader, "phone")) {
                    phone.ok(Requests.markRead(unit(M2), 1));
                }
            }
            try (Wire phone = server.raw(r4, "phone")) {
                phone.ok(Requests.confirm(unit(M2), 1));
            }

            Receipts counts = staff.ok(Requests.receipts(unit(M2), 1, ReceiptList.RECEIPT_LIST_NONE, "", 0)).getReceipts();
            assertThat(List.of(counts.getMembers(), counts.getRead(), counts.getUnread(), counts.getConfirmed()))
                    .containsExactly(158L, 4L, 154L, 1L);
            assertThat(counts.getListList()).isEmpty();

            Receipts read1 = staff.ok(Requests.receipts(unit(M2), 1, ReceiptList.READ, "", 3)).getReceipts();
            assertThat(read1.getListList()).containsExactly(r1, r2, r3);
            assertThat(read1.getNextPageToken()).isNotEmpty();
            Receipts read2 = staff.ok(Requests.receipts(unit(M2), 1, ReceiptList.READ, read1.getNextPageToken(), 3)).getReceipts();
            assertThat(read2.getListList()).containsExactly(r4);
            assertThat(read2.getNextPageToken()).isEmpty();

            assertThat(staff.ok(Requests.receipts(unit(M2), 1, ReceiptList.CONFIRMED, "", 0)).getReceipts().getListList())
                    .containsExactly(r4);

            List<String> unread = new ArrayList<>(audience);
            unread.removeAll(Set.of(r1, r2, r3, r4));
            unread.sort(null);
            assertThat(unread).hasSize(154);
            Receipts all = staff.ok(Requests.receipts(unit(M2), 1, ReceiptList.UNREAD, "", 1000)).getReceipts();
            assertThat(all.getListList()).isEqualTo(unread);
            assertThat(all.getNextPageToken()).isEmpty();

            List<String> paged = new ArrayList<>();
            String token = "";
            int pages = 0;
            do {
                Receipts page = staff.ok(Requests.receipts(unit(M2), 1, ReceiptList.UNREAD, token, 100)).getReceipts();
                paged.addAll(page.getListList());
                token = page.getNextPageToken();
                pages++;
            } while (!token.isEmpty() && pages < 10);
            assertThat(pages).isEqualTo(2);
            assertThat(paged).isEqualTo(unread);
        }

        // staff above the unit see the same counts; staff beside it and residents do not
        try (Wire worker = server.raw(G1_WORKER, "desk"); Wire other = server.raw(G2_WORKER, "desk");
             Wire resident = server.raw(r1, "phone")) {
            Receipts seen = worker.ok(Requests.receipts(unit(M2), 1, ReceiptList.RECEIPT_LIST_NONE, "", 0)).getReceipts();
            assertThat(List.of(seen.getMembers(), seen.getRead(), seen.getConfirmed())).containsExactly(158L, 4L, 1L);
            assertThat(other.error(Requests.receipts(unit(M2), 1, ReceiptList.READ, "", 0))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(resident.error(Requests.receipts(unit(M2), 1, ReceiptList.READ, "", 0))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.error(Requests.receipts(unit(M2), 2, ReceiptList.READ, "", 0))).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void remindUnreadRemindsOnlyTheUnreadOncePerCooldown() throws Exception {
        String reader = resident(M2, 1);
        String online = resident(M2, 2);
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk"); Wire onlinePhone = server.raw(online, "phone")) {
            staff.ok(Requests.toUnit(M2, Requests.body("消防演练"), "drill"));
            assertThat(onlinePhone.noticeKey()).isEqualTo(unit(M2) + "#1");
            try (Wire phone = server.raw(reader, "phone")) {
                phone.ok(Requests.markRead(unit(M2), 1));
            }

            Reminded reminded = staff.ok(Requests.remind(unit(M2), 1)).getReminded();
            assertThat(reminded.getReminded()).isEqualTo(M2_RESIDENTS);   // 158 members, one has read
            assertThat(reminded.getChannel()).isEqualTo(inbox(leader(M2)));   // first unread by id

            Notice reminder = onlinePhone.notice();
            assertThat(reminder.getChannel() + "#" + reminder.getSeq()).isEqualTo(inbox(online) + "#1");
            assertThat(reminder.getKind()).isEqualTo("reminder");
            assertThat(reminder.getOriginChannel()).isEqualTo(unit(M2));
            assertThat(reminder.getOriginSeq()).isEqualTo(1);
            assertThat(reminder.getSender()).isEqualTo(COMMUNITY_STAFF);
            assertThat(reminder.getBody().getTitle()).isEqualTo("提醒：消防演练");

            assertThat(server.head(inbox(reader))).isZero();
            assertThat(server.head(inbox(online))).isEqualTo(1);
            assertThat(server.head(inbox(leader(M2)))).isEqualTo(1);
            assertThat(server.head(inbox(resident(M2, M2_RESIDENTS)))).isEqualTo(1);
            assertThat(server.head(inbox(resident(M1, 1)))).isZero();
            long remindedInboxes = Town.members(M2, M2_RESIDENTS).stream().filter(m -> server.head(inbox(m)) == 1).count();
            assertThat(remindedInboxes).isEqualTo(M2_RESIDENTS);

            assertThat(staff.error(Requests.remind(unit(M2), 1))).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(server.head(inbox(online))).isEqualTo(1);
            assertThat(onlinePhone.hasPush(300)).isFalse();
        }
    }
}
