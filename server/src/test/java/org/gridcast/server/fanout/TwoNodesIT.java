package org.gridcast.server.fanout;

import org.gridcast.server.redis.RedisKeys;
import static org.assertj.core.api.Assertions.assertThat;

import org.gridcast.server.redis.RedisLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.node.NodeMessage;
import org.gridcast.protocol.node.ReadMoved;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.presence.PresenceTimings;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TcpClient;
import org.gridcast.server.testing.TestNode;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two in-process nodes sharing one Redis. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoNodesIT {
    /** Short lease so the crash test runs in seconds; same 3:1 ratio as the defaults. */
    private static final PresenceTimings FAST = new PresenceTimings(Duration.ofMillis(1500), Duration.ofMillis(500));

    private GridcastServer a;
    private GridcastServer b;
    private RedisConnector connector;
    private RedisLink<String, byte[]> redis;

    @BeforeEach
    void start() throws Exception {
        TestRedis.flushAll();
        Path secret = Files.createTempDirectory("two").resolve("secret");
        a = TestNode.start(secret, "node-a", s -> s.presenceTimings(FAST), c -> c);
        b = TestNode.start(secret, "node-b", s -> s.presenceTimings(FAST), c -> c);
        connector = new RedisConnector(TestRedis.uri());
        redis = connector.connect();
    }

    @AfterEach
    void stop() {
        redis.close();
        connector.close();
        a.close();
        b.close();
    }

    @Test
    void noticePublishedToNodeBReachesItsSession() throws Exception {
        try (TcpClient carol = new TcpClient(b.tcpPort())) {
            assertThat(carol.login(b.runtime().tokens().issue("carol", "p"), "p").hasLoginOk()).isTrue();
            assertThat(redis.sync().smembers(RedisKeys.route("grid"))).extracting(String::new).containsExactly("node-b");

            Notice notice = Notice.newBuilder().setChannel("u:grid").setSeq(5).setSender("worker").build();
            long receivers = redis.sync().publish(RedisKeys.nodeChannel("node-b"),
                    NodeMessage.newBuilder().setNotice(notice).build().toByteArray());

            assertThat(receivers).isEqualTo(1);
            Envelope push = carol.read();
            assertThat(push.getRequestId()).isZero();
            assertThat(push.getNoticePush().getNotice()).isEqualTo(notice);

            a.runtime().nodeBus().publish("node-b", NodeMessage.newBuilder().setReadMoved(ReadMoved.newBuilder()
                    .setMember("carol").setChannel("u:grid").setRead(5).setUnreadTotal(0)).build());
            assertThat(carol.read().getUnreadPush().getRead()).isEqualTo(5);
        }
    }

    @Test
    void loginOnAnotherNodeReplacesTheSessionOfTheSameDevice() throws Exception {
        String token = a.runtime().tokens().issue("alice", "phone");
        try (TcpClient onA = new TcpClient(a.tcpPort()); TcpClient onB = new TcpClient(b.tcpPort())) {
            assertThat(onA.login(token, "phone").hasLoginOk()).isTrue();
            assertThat(onB.login(token, "phone").hasLoginOk()).isTrue();

            assertThat(onA.readUntilClosed(Duration.ofSeconds(5)).getKicked().getReason()).isEqualTo(ErrorCode.REPLACED);
            assertThat(onB.ping().hasPong()).isTrue();
            assertThat(new String(redis.sync().hget(RedisKeys.presence("alice"), "phone"))).isEqualTo("node-b");
        }
    }

    @Test
    void crashedNodeStopsCountingAsOnlineWhenItsLeaseExpires() throws Exception {
        try (TcpClient bob = new TcpClient(a.tcpPort()); TcpClient carol = new TcpClient(b.tcpPort())) {
            bob.login(a.runtime().tokens().issue("bob", "p"), "p");
            carol.login(b.runtime().tokens().issue("carol", "p"), "p");
            var query = b.runtime().presenceQuery();
            awaitCount(query, "grid", 2);
            assertThat(query.isOnline("bob").toCompletableFuture().get()).isTrue();

            a.runtime().presence().stopRefreshing();   // as if node A died: nothing cleaned up

            awaitCount(query, "grid", 1);
            assertThat(query.isOnline("bob").toCompletableFuture().get()).isFalse();
            assertThat(query.isOnline("carol").toCompletableFuture().get()).isTrue();
            assertThat(query.onlineCount("mg2").toCompletableFuture().get()).isEqualTo(1);
            assertThat(redis.sync().hget(RedisKeys.presence("bob"), "p")).isNotNull();   // stale entry lingers, ignored
        }
    }

    private static void awaitCount(org.gridcast.server.presence.PresenceQuery q, String unit, long expected)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long n;
        while ((n = q.onlineCount(unit).toCompletableFuture().get()) != expected) {
            assertThat(System.nanoTime()).as("online count of %s reached %d (now %d)", unit, expected, n).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
