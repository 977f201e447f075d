package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A post retried with the same client_msg_id (after a lost ack) is one notice. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetryIT {
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
    void retryToAUnitReturnsTheFirstSeqAndDeliversOnce() throws Exception {
        NoticeBody body = Requests.body("停水通知");
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk"); Wire phone = server.raw(R1, "phone")) {
            NoticePosted first = staff.ok(Requests.toUnit(M1, body, "cmid-1")).getNoticePosted();
            NoticePosted retry = staff.ok(Requests.toUnit(M1, body, "cmid-1")).getNoticePosted();
            NoticePosted changedRetry = staff.ok(Requests.toUnit(M1, Requests.body("改过的标题"), "cmid-1")).getNoticePosted();

            assertThat(List.of(first.getChannel(), retry.getChannel(), changedRetry.getChannel())).containsOnly(unit(M1));
            assertThat(List.of(first.getSeq(), retry.getSeq(), changedRetry.getSeq())).containsExactly(1L, 1L, 1L);
            assertThat(List.of(first.getDuplicate(), retry.getDuplicate(), changedRetry.getDuplicate()))
                    .containsExactly(false, true, true);
            assertThat(server.head(unit(M1))).isEqualTo(1);

            NoticePosted next = staff.ok(Requests.toUnit(M1, Requests.body("第二条"), "cmid-2")).getNoticePosted();
            assertThat(next.getSeq()).isEqualTo(2);
            assertThat(next.getDuplicate()).isFalse();

            assertThat(phone.noticeKey()).isEqualTo(unit(M1) + "#1");
            assertThat(phone.noticeKey()).isEqualTo(unit(M1) + "#2");
            assertThat(phone.hasPush(300)).isFalse();
            assertThat(phone.ok(Requests.fetch(unit(M1), 0, 10)).getFetchResult().getNoticesList())
                    .extracting(n -> n.getSeq() + " " + n.getBody().getTitle()).containsExactly("1 停水通知", "2 第二条");
        }
    }

    @Test
    void retryOfAPointToPointPostAppendsNoSecondInboxEntry() throws Exception {
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk"); Wire phone = server.raw(R1, "phone")) {
            NoticePosted first = staff.ok(Requests.toMembers(List.of(R1), Requests.body("请来社区"), "p-1")).getNoticePosted();
            NoticePosted retry = staff.ok(Requests.toMembers(List.of(R1), Requests.body("请来社区"), "p-1")).getNoticePosted();

            assertThat(List.of(first.getChannel(), retry.getChannel())).containsOnly(outbox(COMMUNITY_STAFF));
            assertThat(List.of(first.getSeq(), retry.getSeq())).containsExactly(1L, 1L);
            assertThat(List.of(first.getDuplicate(), retry.getDuplicate())).containsExactly(false, true);
            assertThat(server.head(outbox(COMMUNITY_STAFF))).isEqualTo(1);
            assertThat(server.head(inbox(R1))).isEqualTo(1);

            Notice got = phone.notice();
            assertThat(got.getChannel() + "#" + got.getSeq()).isEqualTo(inbox(R1) + "#1");
            assertThat(phone.hasPush(300)).isFalse();
        }
    }
}
