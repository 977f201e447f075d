package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisEndpoint;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.testing.RedisCluster;
import org.gridcast.server.testing.TcpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Two Gridcast nodes on a real 3-master/3-replica Redis Cluster (one per class: starting it takes
 * 10–25 s): the two-node delivery of TwoNodesIT over sharded pub/sub, then a kill -9 of the master
 * that holds a unit channel's slot in the middle of a post stream, then a node restart. Ordered:
 * the failover changes the cluster the later cases run on.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterNodesIT {
    private static final String SEEDS = "synthetic:60";
    private static final String MICROGRID = "t1-c1-g1-m1";
    private static final String STAFF = "t1-c1-s1";
    private static final String ON_A = "t1-c1-g1-m1-r1";
    private static final String ON_B = "t1-c1-g1-m1-r2";
    private static final Duration LONG_WAIT = Duration.ofSeconds(60);

    private static RedisCluster cluster;
    private static Path secret;
    private static GridcastServer a;
    private static GridcastServer b;
    private static RedisConnector connector;
    private static RedisLink<String, byte[]> redis;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "needs redis-cli and redis-server 7+ on PATH (.ci/run installs them)");
        cluster = RedisCluster.start();
        secret = Files.createTempDirectory("cluster-nodes").resolve("secret");
        a = node("node-a");
        b = node("node-b");
        connector = new RedisConnector(endpoint());
        redis = connector.connect();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {redis, connector, a, b, cluster}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    @Order(1)
    void aNoticePostedOnNodeAReachesResidentsOnBothNodesLive() throws Exception {
        try (ItServer.Connected staff = client(a, STAFF, "desk"); ItServer.Connected onA = client(a, ON_A, "phone");
             ItServer.Connected onB = client(b, ON_B, "phone")) {
            awaitTrue("both nodes in the route of " + MICROGRID, () -> routeOf(MICROGRID).containsAll(List.of("node-a", "node-b")));
            NoticePosted posted = post(staff.client(), MICROGRID, "停水通知", "n-1");
            NoticePosted direct = staff.client().postToMembers(List.of(ON_B),
                    NoticeBody.newBuilder().setTitle("入户走访").setText("明天上午来访。").build(), "d-1")
                    .get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);

            String key = "u:" + MICROGRID + "#" + posted.getSeq();
            assertThat(onA.recorder().awaitNotices(1)).extracting(Recorder.Received::key).containsExactly(key);
            List<Recorder.Received> atB = onB.recorder().awaitNotices(2);
            assertThat(atB).extracting(Recorder.Received::key).containsExactlyInAnyOrder(key, "i:" + ON_B + "#1");
            assertThat(atB).noneMatch(Recorder.Received::backlog);
            assertThat(direct.getChannel()).isEqualTo("o:" + STAFF);
        }
    }

    @Test
    @Order(2)
    void loginOnAnotherNodeReplacesTheSessionOfTheSameDevice() throws Exception {
        String token = a.runtime().tokens().issue(ON_A, "tablet");
        try (TcpClient onA = new TcpClient(a.tcpPort()); TcpClient onB = new TcpClient(b.tcpPort())) {
            assertThat(onA.login(token, "tablet").hasLoginOk()).isTrue();
            assertThat(onB.login(token, "tablet").hasLoginOk()).isTrue();

            assertThat(onA.readUntilClosed(Duration.ofSeconds(10)).getKicked().getReason()).isEqualTo(ErrorCode.REPLACED);
            assertThat(onB.ping().hasPong()).isTrue();
            assertThat(new String(redis.sync().hget(RedisKeys.presence(ON_A), "tablet"))).isEqualTo("node-b");
        }
    }

    /** A revocation on node A kicks the device's session on node B: the control channel is sharded too. */
    @Test
    @Order(2)
    void aRevocationOnOneNodeClosesTheSessionOnTheOther() throws Exception {
        try (TcpClient onB = new TcpClient(b.tcpPort())) {
            assertThat(onB.login(a.runtime().tokens().issue(ON_B, "old-phone"), "old-phone").hasLoginOk()).isTrue();
            a.runtime().revocations().revokeDevice(ON_B, "old-phone").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(onB.readUntilClosed(Duration.ofSeconds(10)).getKicked().getReason()).isEqualTo(ErrorCode.REVOKED);
        }
    }

    /**
     * A point-to-point post from node A to residents whose inboxes sit on all three masters (the
     * copies share one WAIT per master): acked, one copy in each inbox, one live push to each
     * online recipient on either node; the retry with the same id is the same post and adds no
     * copy and no push.
     */
    @Test
    @Order(2)
    void aPointToPointPostToInboxesOnEveryMasterReachesEachRecipientOnce() throws Exception {
        List<String> recipients = new ArrayList<>(List.of(ON_A, ON_B));
        java.util.Map<Integer, Integer> perMaster = new java.util.HashMap<>();
        for (int i = 3; i <= 60; i++) {
            String member = MICROGRID + "-r" + i;
            int master = cluster.masterOf(RedisKeys.log("i:" + member)).port();
            if (perMaster.merge(master, 1, Integer::sum) <= 2) {
                recipients.add(member);
            }
        }
        assertThat(perMaster.values()).as("residents per master").hasSize(3).allMatch(n -> n >= 2);
        java.util.Map<String, Long> before = new java.util.HashMap<>();
        recipients.forEach(r -> before.put(r, head("i:" + r)));

        try (ItServer.Connected staff = client(a, STAFF, "desk5"); ItServer.Connected onA = client(a, ON_A, "phone5");
             ItServer.Connected onB = client(b, ON_B, "phone5")) {
            onA.recorder().awaitSynced(1);
            onB.recorder().awaitSynced(1);
            NoticeBody body = NoticeBody.newBuilder().setTitle("疫苗接种提醒").setText("请于本周六上午到社区卫生服务站。").build();
            NoticePosted posted = staff.client().postToMembers(recipients, body, "spread-1")
                    .get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
            NoticePosted retried = staff.client().postToMembers(recipients, body, "spread-1")
                    .get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(posted.getChannel()).isEqualTo("o:" + STAFF);
            assertThat(retried.getSeq()).isEqualTo(posted.getSeq());
            for (String r : recipients) {
                assertThat(head("i:" + r)).as("inbox head of " + r).isEqualTo(before.get(r) + 1);
            }
            for (ItServer.Connected online : List.of(onA, onB)) {
                String member = online == onA ? ON_A : ON_B;
                String key = "i:" + member + "#" + (before.get(member) + 1);
                awaitTrue("push to " + member, () -> online.recorder().keys().contains(key));
                assertThat(online.recorder().hasNoMoreWithin(500)).isTrue();
                assertThat(online.recorder().notices()).filteredOn(n -> n.key().equals(key))
                        .singleElement().satisfies(n -> assertThat(n.backlog()).isFalse());
            }
        }
    }

    /**
     * kill -9 of the master serving the unit channel's slot while a post stream runs: every acked
     * notice reaches both live listeners exactly once and a fresh device after the failover; posts
     * meanwhile are refused UNAVAILABLE and succeed when retried with the same id; presence and
     * routes are back in Redis.
     */
    @Test
    @Order(3)
    void killingTheMasterOfAUnitChannelDuringAPostStreamLosesNoAckedNotice() throws Exception {
        String channel = "u:" + MICROGRID;
        int total = 30;
        try (ItServer.Connected staff = client(a, STAFF, "desk2"); ItServer.Connected onA = client(a, ON_A, "phone2");
             ItServer.Connected onB = client(b, ON_B, "phone2")) {
            awaitTrue("route", () -> routeOf(MICROGRID).containsAll(List.of("node-a", "node-b")));
            long before = head(channel);
            RedisCluster.Node master = cluster.masterOf(RedisKeys.log(channel));
            List<Long> acked = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger refused = new AtomicInteger();
            Thread poster = new Thread(() -> {
                for (int i = 1; i <= total; i++) {
                    acked.add(postUntilAcked(staff.client(), "fo-" + i, refused));
                    sleep(50);
                }
            }, "poster");
            poster.start();
            awaitTrue("10 acked", () -> acked.size() >= 10);
            master.kill9();
            RedisCluster.Node promoted = cluster.awaitFailover(RedisKeys.log(channel), master);
            assertThat(promoted.port()).isNotEqualTo(master.port());
            master.restart();   // back as a replica of the promoted one: WAIT 1 can be met again
            poster.join(LONG_WAIT.toMillis() * 2);
            assertThat(poster.isAlive()).isFalse();

            List<Long> expected = LongStream.rangeClosed(before + 1, before + total).boxed().toList();
            assertThat(acked).as("acked seqs, in order, none twice").isEqualTo(expected);
            assertThat(refused.get()).as("posts refused while the slot had no master or no replica").isPositive();
            for (ItServer.Connected listener : List.of(onA, onB)) {
                // what the listener was told of the stream (older notices came with its login's sync)
                java.util.function.Supplier<List<Long>> stream = () -> seqsOf(listener.recorder(), channel).stream()
                        .filter(seq -> seq > before).toList();
                awaitTrue("all acked notices at a listener", () -> stream.get().size() >= total);
                assertThat(stream.get()).as("each exactly once, in order").isEqualTo(expected);
            }
            try (ItServer.Connected fresh = client(b, ON_B, "fresh-device")) {
                awaitTrue("fresh device synced", () -> seqsOf(fresh.recorder(), channel).containsAll(expected));
                assertThat(seqsOf(fresh.recorder(), channel).stream().filter(expected::contains).toList())
                        .isEqualTo(expected);
            }
            awaitTrue("routes back", () -> routeOf(MICROGRID).containsAll(List.of("node-a", "node-b")));
            awaitTrue("presence back", () -> "node-b".equals(presenceOf(ON_B, "phone2")));
        }
    }

    /** kill -9 of the master serving node B's own (sharded) channel: B subscribes on the promoted one. */
    @Test
    @Order(4)
    void killingTheMasterOfANodeChannelMovesItsSubscriptionAndDeliveryResumes() throws Exception {
        try (ItServer.Connected staff = client(a, STAFF, "desk4"); ItServer.Connected onB = client(b, ON_B, "phone4")) {
            onB.recorder().awaitSynced(1);
            long moved = b.runtime().nodeBus().resubscriptions();
            RedisCluster.Node master = cluster.masterOf(RedisKeys.nodeChannel("node-b"));
            master.kill9();
            cluster.awaitFailover(RedisKeys.nodeChannel("node-b"), master);
            awaitTrue("node-b subscribed on the promoted master", () -> b.runtime().nodeBus().resubscriptions() > moved);
            master.restart();
            cluster.awaitHealthy();

            int already = onB.recorder().notices().size();
            NoticePosted posted = postUntilAckedNotice(staff.client(), "after-node-failover");
            List<Recorder.Received> got = onB.recorder().awaitNotices(already + 1);
            Recorder.Received last = got.get(got.size() - 1);
            assertThat(last.key()).isEqualTo("u:" + MICROGRID + "#" + posted.getSeq());
            assertThat(last.backlog()).as("pushed live, not fetched").isFalse();
        }
    }

    @Test
    @Order(5)
    void aRestartedNodeSubscribesAgainAndGetsNotices() throws Exception {
        b.close();
        b = node("node-b");
        try (ItServer.Connected staff = client(a, STAFF, "desk3"); ItServer.Connected onB = client(b, ON_B, "phone3")) {
            awaitTrue("node-b routed again", () -> routeOf(MICROGRID).contains("node-b"));
            onB.recorder().awaitSynced(1);
            int already = onB.recorder().notices().size();
            NoticePosted posted = post(staff.client(), MICROGRID, "停电通知", "after-restart");
            List<Recorder.Received> got = onB.recorder().awaitNotices(already + 1);
            Recorder.Received last = got.get(got.size() - 1);
            assertThat(last.key()).isEqualTo("u:" + MICROGRID + "#" + posted.getSeq());
            assertThat(last.backlog()).isFalse();
        }
    }

    private static long postUntilAcked(GridcastClient client, String id, AtomicInteger refused) {
        long deadline = System.nanoTime() + LONG_WAIT.toNanos();
        while (true) {
            try {
                NoticePosted p = client.postToUnit(MICROGRID,
                        NoticeBody.newBuilder().setTitle("防汛通知 " + id).setText("请注意安全。").build(), id)
                        .get(30, TimeUnit.SECONDS);
                return p.getSeq();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GridcastClientException g) || !"UNAVAILABLE".equals(g.code())
                        || System.nanoTime() > deadline) {
                    throw new AssertionError("post " + id + " failed: " + e.getCause(), e);
                }
                refused.incrementAndGet();
                sleep(200);
            } catch (Exception e) {
                throw new AssertionError("post " + id + " failed", e);
            }
        }
    }

    private static NoticePosted postUntilAckedNotice(GridcastClient client, String id) throws Exception {
        long seq = postUntilAcked(client, id, new AtomicInteger());
        return NoticePosted.newBuilder().setChannel("u:" + MICROGRID).setSeq(seq).build();
    }

    private static List<Long> seqsOf(Recorder recorder, String channel) {
        return recorder.notices().stream().filter(r -> r.notice().getChannel().equals(channel))
                .map(r -> r.notice().getSeq()).toList();
    }

    private static NoticePosted post(GridcastClient client, String unit, String title, String id) throws Exception {
        return client.postToUnit(unit, NoticeBody.newBuilder().setTitle(title).setText("请相互转告。").build(), id)
                .get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static ItServer.Connected client(GridcastServer node, String member, String device) throws Exception {
        Recorder recorder = new Recorder();
        GridcastClient client = GridcastClient.builder().server("127.0.0.1", node.tcpPort())
                .token(node.runtime().tokens().issue(member, device)).device(device).listener(recorder).build();
        LoginOk ok = client.connect().get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
        return new ItServer.Connected(client, recorder, ok);
    }

    private static List<String> routeOf(String unit) {
        return redis.sync().smembers(RedisKeys.route(unit)).stream().map(String::new).toList();
    }

    private static String presenceOf(String member, String device) {
        byte[] node = redis.sync().hget(RedisKeys.presence(member), device);
        return node == null ? null : new String(node);
    }

    private static long head(String channel) {
        byte[] h = redis.sync().hget(RedisKeys.log(channel), RedisKeys.HEAD);
        return h == null ? 0 : Long.parseLong(new String(h));
    }

    private static RedisEndpoint endpoint() {
        return RedisEndpoint.cluster(cluster.seeds(), cluster.password().toCharArray());
    }

    private static GridcastServer node(String name) throws IOException {
        ServerConfig config = ServerConfig.builder(Files.createTempDirectory("gridcast-cluster-node"))
                .bindHost("127.0.0.1").port(0).httpPort(0).redisCluster(endpoint()).seeds(SEEDS)
                .secretFile(secret).node(name).build();
        return GridcastServer.start(config, GridcastServices.builder(config, Clock.systemUTC()).build());
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LONG_WAIT.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // Redis may be failing over: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
