package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.protocol.PostNotice;
import org.gridcast.protocol.ReceiptList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every notice limit over the wire: one past the limit gets its exact error code and stores
 * nothing; exactly at the limit is accepted and stored intact.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoticeLimitsIT {
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
    void overLimitPostsAreRefusedAndStoreNothing() throws Exception {
        TreeSet<String> before = server.channelKeys();
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk")) {
            assertThat(staff.error(post(body().setTitle(chinese(201))))).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(staff.error(post(body().setText(chinese(4_001))))).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(staff.error(post(body().setCategory(chinese(65))))).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(staff.error(post(body().addAllAttachments(urls(10, 30))))).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(staff.error(post(body().addAllAttachments(urls(1, 1_025))))).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(staff.error(post(body().addAttachments("ftp://example.org/a.jpg")))).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(staff.error(Requests.toMembers(residents(1_001), Requests.body("太多人"), "many")))
                    .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(staff.error(Requests.toUnit(M1, Requests.body("无编号"), ""))).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(staff.error(Requests.toUnit(M1, Requests.body("编号太长"), "x".repeat(65))))
                    .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(staff.error(Requests.toUnit(M1, NoticeBody.getDefaultInstance(), "empty")))
                    .isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(staff.error(Envelope.newBuilder().setPostNotice(PostNotice.newBuilder()
                    .setBody(Requests.body("没有对象")).setClientMsgId("no-audience")))).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(staff.error(Requests.fetch(unit(COMMUNITY), 0, 201))).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        }
        assertThat(server.head(unit(M1))).isZero();
        assertThat(server.head(outbox(COMMUNITY_STAFF))).isZero();
        assertThat(server.head(inbox(resident(M1, 1)))).isZero();
        assertThat(server.channelKeys()).isEqualTo(before);
    }

    @Test
    void postsExactlyAtTheLimitsAreStoredIntact() throws Exception {
        NoticeBody full = body().setTitle(chinese(200)).setText(chinese(4_000)).setCategory(chinese(64))
                .addAllAttachments(urls(9, 1_024)).setNeedsConfirm(true).build();
        String id = "c".repeat(64);
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk")) {
            NoticePosted posted = staff.ok(Requests.toUnit(M1, full, id)).getNoticePosted();
            assertThat(posted.getChannel() + "#" + posted.getSeq()).isEqualTo(unit(M1) + "#1");

            NoticePosted many = staff.ok(Requests.toMembers(residents(1_000), Requests.body("一千人"), "thousand"))
                    .getNoticePosted();
            assertThat(many.getRecipients()).isEqualTo(1_000);
            assertThat(many.getSeq()).isEqualTo(1);
            assertThat(staff.ok(Requests.receipts(outbox(COMMUNITY_STAFF), 1, ReceiptList.RECEIPT_LIST_NONE, "", 0))
                    .getReceipts().getMembers()).isEqualTo(1_000);
            assertThat(staff.error(Requests.receipts(outbox(COMMUNITY_STAFF), 1, ReceiptList.UNREAD, "", 1_001)))
                    .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(staff.ok(Requests.receipts(outbox(COMMUNITY_STAFF), 1, ReceiptList.UNREAD, "", 1_000))
                    .getReceipts().getListCount()).isEqualTo(1_000);
        }
        List<String> reached = residents(1_000);
        assertThat(server.head(inbox(reached.get(0)))).isEqualTo(1);
        assertThat(server.head(inbox(reached.get(999)))).isEqualTo(1);
        try (Wire phone = server.raw(resident(M1, 1), "phone")) {
            List<Notice> got = phone.ok(Requests.fetch(unit(M1), 0, 200)).getFetchResult().getNoticesList();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).getBody()).isEqualTo(full);
            assertThat(got.get(0).getBody().getText().codePointCount(0, got.get(0).getBody().getText().length()))
                    .isEqualTo(4_000);
        }
    }

    private static Envelope.Builder post(NoticeBody.Builder body) {
        return Requests.toUnit(M1, body.build(), "limit-" + System.nanoTime());
    }

    private static NoticeBody.Builder body() {
        return NoticeBody.newBuilder().setTitle("标题").setText("正文");
    }

    /** {@code n} Chinese characters (each one code point, three UTF-8 bytes). */
    private static String chinese(int n) {
        return String.join("", Collections.nCopies(n, "通"));
    }

    /** {@code n} https URLs of exactly {@code length} characters. */
    private static List<String> urls(int n, int length) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prefix = "https://example.org/" + i + "/";
            urls.add(prefix + "a".repeat(length - prefix.length()));
        }
        return urls;
    }

    /** The first {@code n} residents of the community (grid 1 first), all in the staff's scope. */
    private static List<String> residents(int n) {
        List<String> ids = new ArrayList<>();
        for (String mg : List.of(M1, M2, "t1-c1-g1-m3", "t1-c1-g1-m4", G2M1, "t1-c1-g2-m2", "t1-c1-g2-m3")) {
            for (int r = 1; r <= 157 && ids.size() < n; r++) {
                ids.add(resident(mg, r));
            }
        }
        return ids;
    }
}
