package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Receipts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Point-to-point notices (点对点的事项通知): only the named members get them; the sender's outbox tracks receipts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PointToPointIT {
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
    void reachesOnlyTheNamedMembersAndTheOutboxCountsTheirReceipts() throws Exception {
        String r1 = resident(M1, 1);
        String r2 = resident(M1, 2);
        String far = resident(M2, 5);
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk");
             Wire r1Phone = server.raw(r1, "phone");
             Wire r2Phone = server.raw(r2, "phone");
             Wire worker = server.raw(G1_WORKER, "phone")) {
            NoticePosted posted = staff.ok(Requests.toMembers(List.of(r1, far, G1_WORKER),
                    Requests.body("入户走访通知"), "p2p-1")).getNoticePosted();
            assertThat(posted.getChannel()).isEqualTo(outbox(COMMUNITY_STAFF));
            assertThat(posted.getSeq()).isEqualTo(1);
            assertThat(posted.getDuplicate()).isFalse();
            assertThat(posted.getRecipients()).isEqualTo(3);

            Notice got = r1Phone.notice();
            assertThat(got.getChannel()).isEqualTo(inbox(r1));
            assertThat(got.getSeq()).isEqualTo(1);
            assertThat(got.getUnit()).isEmpty();
            assertThat(got.getSender()).isEqualTo(COMMUNITY_STAFF);
            assertThat(got.getOriginChannel()).isEqualTo(outbox(COMMUNITY_STAFF));
            assertThat(got.getOriginSeq()).isEqualTo(1);
            assertThat(got.getKind()).isEqualTo("notice");
            assertThat(got.getBody().getTitle()).isEqualTo("入户走访通知");
            assertThat(worker.noticeKey()).isEqualTo(inbox(G1_WORKER) + "#1");

            // r2 (same micro-grid, not named) got nothing: its first push is the second notice.
            staff.ok(Requests.toMembers(List.of(r2), Requests.body("第二条"), "p2p-2"));
            Notice second = r2Phone.notice();
            assertThat(second.getChannel() + "#" + second.getSeq()).isEqualTo(inbox(r2) + "#1");
            assertThat(second.getBody().getTitle()).isEqualTo("第二条");
            assertThat(second.getOriginSeq()).isEqualTo(2);
            assertThat(r1Phone.hasPush(300)).isFalse();

            assertThat(server.head(inbox(r1))).isEqualTo(1);
            assertThat(server.head(inbox(far))).isEqualTo(1);
            assertThat(server.head(inbox(r2))).isEqualTo(1);
            assertThat(server.head(inbox(resident(M1, 3)))).isZero();
            assertThat(server.head(unit(M1))).isZero();

            Receipts before = staff.ok(Requests.receipts(outbox(COMMUNITY_STAFF), 1, ReceiptList.RECEIPT_LIST_NONE, "", 0))
                    .getReceipts();
            assertThat(List.of(before.getMembers(), before.getRead(), before.getUnread(), before.getConfirmed()))
                    .containsExactly(3L, 0L, 3L, 0L);

            r1Phone.ok(Requests.markRead(inbox(r1), 1));
            try (Wire farPhone = server.raw(far, "phone")) {   // offline until now: reads its inbox on login
                FetchResult farInbox = farPhone.ok(Requests.fetch(inbox(far), 0, 10)).getFetchResult();
                assertThat(farInbox.getNoticesList()).extracting(Notice::getSeq).containsExactly(1L);
                farPhone.ok(Requests.confirm(inbox(far), 1));
            }

            Receipts read = staff.ok(Requests.receipts(outbox(COMMUNITY_STAFF), 1, ReceiptList.READ, "", 0)).getReceipts();
            assertThat(List.of(read.getMembers(), read.getRead(), read.getUnread(), read.getConfirmed()))
                    .containsExactly(3L, 2L, 1L, 1L);
            assertThat(read.getListList()).containsExactly(r1, far);
            assertThat(staff.ok(Requests.receipts(outbox(COMMUNITY_STAFF), 1, ReceiptList.UNREAD, "", 0))
                    .getReceipts().getListList()).containsExactly(G1_WORKER);
            assertThat(staff.ok(Requests.receipts(outbox(COMMUNITY_STAFF), 1, ReceiptList.CONFIRMED, "", 0))
                    .getReceipts().getListList()).containsExactly(far);

            FetchResult sent = staff.ok(Requests.fetch(outbox(COMMUNITY_STAFF), 0, 10)).getFetchResult();
            assertThat(sent.getHead()).isEqualTo(2);
            assertThat(sent.getNoticesList()).extracting(n -> n.getBody().getTitle()).containsExactly("入户走访通知", "第二条");
        }
    }
}
