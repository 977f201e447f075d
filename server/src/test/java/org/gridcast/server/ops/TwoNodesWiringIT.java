package org.gridcast.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes with the production wiring on one Redis and one secret: fan-out across nodes, a read
 * on one node moving the badge on the other, and a newer login on one node replacing the session
 * on the other.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TwoNodesWiringIT {
    private static final String MICROGRID = "t1-c1-g1-m1";
    private static final String CHANNEL = "u:" + MICROGRID;
    private static final String WORKER = "t1-c1-g1-w";
    private static final String R1 = MICROGRID + "-r1";
    private static final String R2 = MICROGRID + "-r2";
    private static final String R3 = MICROGRID + "-r3";

    private GridcastServer a;
    private GridcastServer b;

    @BeforeEach
    void start() throws Exception {
        TestRedis.flushAll();
        Path secret = Files.createTempDirectory("gridcast-ops-secret").resolve("secret");
        a = OpsNode.start(secret, "ops-a");
        b = OpsNode.start(secret, "ops-b");
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    @Test
    void noticePostedOnOneNodeReachesMembersOnBothAndAReadOnOneNodeMovesTheBadgeOnTheOther() throws Exception {
        try (Receiver onB = OpsNode.connect(b, R1, "phone");
             Receiver onA = OpsNode.connect(a, R2, "phone");
             Receiver phoneOnA = OpsNode.connect(a, R3, "phone");
             Receiver tabletOnB = OpsNode.connect(b, R3, "tablet");
             Receiver worker = OpsNode.connect(a, WORKER, "desk")) {
            assertThat(onB.client.session().getNode()).isEqualTo("ops-b");
            assertThat(phoneOnA.client.session().getNode()).isEqualTo("ops-a");

            NoticePosted posted = Receiver.join(worker.client.postToUnit(MICROGRID,
                    NoticeBody.newBuilder().setTitle("停水通知").setText("明天上午停水").build(), "two-nodes-1"));
            assertThat(posted.getChannel()).isEqualTo(CHANNEL);
            assertThat(posted.getSeq()).isEqualTo(1);
            assertThat(posted.getDuplicate()).isFalse();

            for (Receiver r : List.of(onB, onA, phoneOnA, tabletOnB)) {
                assertThat(Receiver.await(() -> r.notices.size() == 1)).as(r.member + "/" + r.device).isTrue();
                Notice n = r.notices.get(0);
                assertThat(n.getChannel()).isEqualTo(CHANNEL);
                assertThat(n.getSeq()).isEqualTo(1);
                assertThat(n.getUnit()).isEqualTo(MICROGRID);
                assertThat(n.getSender()).isEqualTo(WORKER);
                assertThat(n.getBody().getTitle()).isEqualTo("停水通知");
            }
            assertThat(Receiver.join(phoneOnA.client.unread()).getTotal()).isEqualTo(1);

            assertThat(Receiver.join(tabletOnB.client.markRead(CHANNEL, 1))).isEqualTo(1);

            assertThat(Receiver.await(() -> phoneOnA.readMoves.contains(CHANNEL + ":1")))
                    .as("UnreadPush on the other node: %s", phoneOnA.readMoves).isTrue();
            assertThat(phoneOnA.lastUnreadTotal()).isZero();
            assertThat(Receiver.join(phoneOnA.client.unread()).getTotal()).isZero();
            assertThat(Receiver.join(onA.client.unread()).getTotal()).isEqualTo(1);
            assertThat(onA.readMoves).isEmpty();
            assertThat(onB.notices).hasSize(1);
        }
    }

    @Test
    void newerLoginOnOtherNodeReplacesTheSession() {
        try (Receiver first = OpsNode.connect(a, R2, "phone")) {
            assertThat(Receiver.await(() -> a.runtime().sessions().byDevice(R2, "phone").isPresent())).isTrue();
            try (Receiver second = OpsNode.connect(b, R2, "phone")) {
                LoginOk ok = second.client.session();
                assertThat(ok.getNode()).isEqualTo("ops-b");

                assertThat(Receiver.join(first.kicked)).isEqualTo(ErrorCode.REPLACED);
                assertThat(Receiver.await(() -> !first.client.isConnected())).isTrue();
                assertThat(Receiver.await(() -> a.runtime().sessions().byDevice(R2, "phone").isEmpty())).isTrue();
                assertThat(b.runtime().sessions().byDevice(R2, "phone")).isPresent();
                assertThat(second.client.isConnected()).isTrue();
                assertThat(second.kicked).isNotDone();
                assertThat(Receiver.join(second.client.unread()).getTotal()).isZero();
            }
        }
    }
}
