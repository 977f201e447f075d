package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.*;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.protocol.NoticePush;
import org.gridcast.protocol.UnreadCounts;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A post whose script ran after the server stopped waiting for it, provoked for real: Redis runs
 * no writes ({@code CLIENT PAUSE <ms> WRITE}) for longer than the server's 5 s Redis command
 * timeout (RedisConnector, not configurable), so the post is answered UNAVAILABLE and its script
 * runs when the pause ends: the notice is stored, nothing published. The staff member's retry
 * (same client_msg_id) is answered with the first seq and pushes that notice to the online
 * resident, once. Each case waits out the 5 s timeout once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimedOutPostIT {
    private static final String R1 = resident(M1, 1);
    /** Past the 5 s command timeout, with a margin either side (the reply at 5 s, the script at 6.5 s). */
    private static final long PAUSE_MS = 6_500;
    private ItServer server;
    private RedisClient admin;
    private StatefulRedisConnection<String, String> adminConnection;

    @BeforeEach
    void start() throws Exception {
        server = ItServer.start(SEEDS);
        admin = RedisClient.create(TestRedis.uri());
        adminConnection = admin.connect();
    }

    @AfterEach
    void stop() {
        adminConnection.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE"));
        adminConnection.close();
        admin.shutdown();
        server.close();
    }

    @Test
    void aUnitPostAnsweredUnavailableButStoredReachesTheOnlineResidentOnceOnItsRetry() throws Exception {
        NoticeBody warning = Requests.body("防汛预警：今晚暴雨");
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk"); Wire phone = server.raw(R1, "phone")) {
            // the resident is online and routed: a first notice reaches it
            staff.ok(Requests.toUnit(M1, Requests.body("前一条"), "cmid-0"));
            assertThat(phone.noticeKey()).isEqualTo(unit(M1) + "#1");

            pauseWrites();
            assertThat(staff.error(Requests.toUnit(M1, warning, "cmid-1"))).isEqualTo(ErrorCode.UNAVAILABLE);
            awaitHead(unit(M1), 2); // the script ran once the pause ended: stored...
            assertThat(phone.hasPush(500)).isFalse(); // ...and not pushed

            NoticePosted retry = staff.ok(Requests.toUnit(M1, warning, "cmid-1")).getNoticePosted();
            assertThat(retry.getChannel()).isEqualTo(unit(M1));
            assertThat(retry.getSeq()).isEqualTo(2);
            assertThat(retry.getDuplicate()).isTrue();

            NoticePush pushed = phone.push(Envelope.BodyCase.NOTICE_PUSH).getNoticePush();
            assertThat(pushed.getNotice().getChannel() + "#" + pushed.getNotice().getSeq()).isEqualTo(unit(M1) + "#2");
            assertThat(pushed.getNotice().getBody().getTitle()).isEqualTo("防汛预警：今晚暴雨");

            // a further retry finds the post published: nothing more reaches the resident
            NoticePosted again = staff.ok(Requests.toUnit(M1, warning, "cmid-1")).getNoticePosted();
            assertThat(List.of(again.getSeq(), again.getDuplicate() ? 1L : 0L)).containsExactly(2L, 1L);
            staff.ok(Requests.toUnit(M1, Requests.body("下一条"), "cmid-2"));
            assertThat(phone.noticeKey()).isEqualTo(unit(M1) + "#3"); // barrier: pushes arrive in order
            assertThat(phone.hasPush(300)).isFalse();
            assertThat(server.head(unit(M1))).isEqualTo(3);
            // the badge the phone counts from its pushes (three, once each) is the server's
            UnreadCounts badge = phone.ok(Requests.unread()).getUnreadCounts();
            assertThat(badge.getTotal()).isEqualTo(3);
            assertThat(badge.getChannelsMap()).isEqualTo(Map.of(unit(M1), 3L));
        }
    }

    @Test
    void aPointToPointPostAnsweredUnavailableButStoredReachesTheRecipientOnceOnItsRetry() throws Exception {
        NoticeBody body = Requests.body("请明早来社区领沙袋");
        try (Wire staff = server.raw(COMMUNITY_STAFF, "desk"); Wire phone = server.raw(R1, "phone")) {
            staff.ok(Requests.toMembers(List.of(R1), Requests.body("前一条"), "p-0"));
            assertThat(phone.noticeKey()).isEqualTo(inbox(R1) + "#1");

            pauseWrites();
            assertThat(staff.error(Requests.toMembers(List.of(R1), body, "p-1"))).isEqualTo(ErrorCode.UNAVAILABLE);
            awaitHead(outbox(COMMUNITY_STAFF), 2); // the outbox entry was stored once the pause ended
            assertThat(phone.hasPush(500)).isFalse();

            NoticePosted retry = staff.ok(Requests.toMembers(List.of(R1), body, "p-1")).getNoticePosted();
            assertThat(retry.getChannel()).isEqualTo(outbox(COMMUNITY_STAFF));
            assertThat(retry.getSeq()).isEqualTo(2);
            assertThat(retry.getDuplicate()).isTrue();
            NoticePush pushed = phone.push(Envelope.BodyCase.NOTICE_PUSH).getNoticePush();
            assertThat(pushed.getNotice().getChannel() + "#" + pushed.getNotice().getSeq()).isEqualTo(inbox(R1) + "#2");
            assertThat(pushed.getNotice().getOriginSeq()).isEqualTo(2);

            staff.ok(Requests.toMembers(List.of(R1), body, "p-1"));
            staff.ok(Requests.toMembers(List.of(R1), Requests.body("下一条"), "p-2"));
            assertThat(phone.noticeKey()).isEqualTo(inbox(R1) + "#3");
            assertThat(phone.hasPush(300)).isFalse();
            assertThat(server.head(inbox(R1))).isEqualTo(3);
            UnreadCounts badge = phone.ok(Requests.unread()).getUnreadCounts();
            assertThat(badge.getTotal()).isEqualTo(3);
            assertThat(badge.getChannelsMap()).isEqualTo(Map.of(inbox(R1), 3L));
        }
    }

    /** Redis runs no write for PAUSE_MS from now (reads go on); returns at once. */
    private void pauseWrites() {
        String ok = adminConnection.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(PAUSE_MS).add("WRITE"));
        assertThat(ok).isEqualTo("OK");
    }

    private void awaitHead(String channel, long head) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.head(channel) < head && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
        }
        assertThat(server.head(channel)).isEqualTo(head);
    }
}
