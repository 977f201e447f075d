package org.gridcast.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.seeds.BuiltInSeeds;
import org.gridcast.seeds.Role;
import org.gridcast.server.directory.DirectoryStore;
import org.gridcast.server.directory.Invite;
import org.gridcast.server.directory.Invites;
import org.gridcast.server.directory.MemberInfo;
import org.gridcast.server.event.workflow.EventState;
import org.gridcast.server.event.EventStore;
import org.gridcast.server.notice.NoticeStore;
import org.gridcast.server.notice.Posted;
import org.gridcast.server.auth.Revocations;
import org.gridcast.server.redis.LuaScript;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisEndpoint;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.testing.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every Lua script, through the Java that calls it, against a real Redis Cluster: a script whose
 * keys spanned slots would fail with CROSSSLOT, one touching an undeclared key of another slot
 * with "non local key". Results are asserted exactly, as the single-Redis ITs do. The ids are
 * spread so the channels, inboxes and the directory sit on different masters.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterScriptsIT {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private static RedisCluster cluster;
    private static RedisConnector connector;
    private static RedisLink<String, byte[]> redis;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "needs redis-cli and redis-server 7+ on PATH (.ci/run installs them)");
        cluster = RedisCluster.start();
        connector = new RedisConnector(RedisEndpoint.cluster(cluster.seeds(), cluster.password().toCharArray()));
        redis = connector.connect();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
            connector.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theTestIdsSpreadOverAllThreeMasters() {
        List<String> keys = List.of(RedisKeys.log("u:g-1"), RedisKeys.log("i:r-1"), RedisKeys.log("i:r-2"),
                RedisKeys.log("i:r-3"), RedisKeys.log("o:staff-1"), RedisKeys.DIR_VERSION);
        assertThat(keys.stream().map(k -> cluster.masterOf(k).port()).distinct().count()).isEqualTo(3);
    }

    @Test
    void unitPostsDedupeAndNameTheRoutedNodes() throws Exception {
        NoticeStore store = new NoticeStore(redis, CLOCK);
        redis.sync().sadd(RedisKeys.route("g-1"), bytes("n1"));
        Posted first = await(store.postToUnit("g-1", draft("停水通知"), "m-1"));
        Posted second = await(store.postToUnit("g-1", draft("停电通知"), "m-2"));
        Posted retry = await(store.postToUnit("g-1", draft("ignored"), "m-1"));

        assertThat(first.seq()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.seq()).isEqualTo(1);
        assertThat(retry.stored().getBody().getTitle()).isEqualTo("停水通知");
        assertThat(await(store.fetch("u:g-1", 0, 10))).extracting(n -> n.getBody().getTitle())
                .containsExactly("停水通知", "停电通知");
    }

    @Test
    void pointToPointPostsStoreOneCopyPerInboxAcrossSlotsAndConfirmReachesTheOutbox() throws Exception {
        NoticeStore store = new NoticeStore(redis, CLOCK);
        List<String> recipients = List.of("r-1", "r-2", "r-3");
        Posted posted = await(store.postDirect("staff-1", recipients, draft("入户走访"), "d-1"));
        Posted retry = await(store.postDirect("staff-1", recipients, draft("入户走访"), "d-1"));

        assertThat(posted.seq()).isEqualTo(1);
        assertThat(posted.recipients()).isEqualTo(3);
        assertThat(retry.duplicate()).isTrue();
        for (String r : recipients) {
            List<Notice> inbox = await(store.fetch("i:" + r, 0, 10));
            assertThat(inbox).hasSize(1);
            assertThat(inbox.get(0).getOriginChannel()).isEqualTo("o:staff-1");
            assertThat(inbox.get(0).getOriginSeq()).isEqualTo(1);
        }
        assertThat(await(store.confirm("r-2", "i:r-2", 1))).isTrue();
        assertThat(await(store.confirm("r-2", "i:r-2", 1))).isFalse();
        assertThat(redis.sync().smembers(RedisKeys.confirm("o:staff-1", 1))).extracting(String::new)
                .containsExactly("r-2");
        assertThat(redis.sync().hlen(RedisKeys.rcpt("o:staff-1", 1))).isEqualTo(3);
    }

    @Test
    void appendsFollowAndReadStayInTheirChannelsSlot() throws Exception {
        NoticeStore store = new NoticeStore(redis, CLOCK);
        Posted reminder = await(store.appendToInbox("r-7", draft("提醒"), "rem-1"));
        Posted again = await(store.appendToInbox("r-7", draft("提醒"), "rem-1"));
        assertThat(reminder.seq()).isEqualTo(1);
        assertThat(again.duplicate()).isTrue();
        redis.sync().sadd(RedisKeys.parties("c:cv1"), bytes("r-7"), bytes("staff-1"));
        assertThat(await(store.append("c:cv1", draft("咨询"), "c-1")).seq()).isEqualTo(1);

        List<ChannelState> states = await(store.follow("r-7", List.of("i:r-7", "c:cv1")));
        assertThat(states).extracting(ChannelState::getHead).containsExactly(1L, 1L);
        assertThat(await(store.markRead("r-7", "i:r-7", 5))).isEqualTo(1L);
        assertThat(await(store.unreadTotal("r-7", List.of("i:r-7", "c:cv1")))).isEqualTo(0L);
    }

    @Test
    void directoryImportAddMoveRemoveAndInvitesRunInTheDirectorySlot() throws Exception {
        DirectoryStore dir = new DirectoryStore(redis, CLOCK);
        var imported = await(dir.importIfEmpty(BuiltInSeeds.source()));
        assertThat(imported.members()).isEqualTo(21847);
        MemberInfo someone = await(dir.members(await(dir.memberIdsOf(List.of("qs-hanghailu-g1-m1"))))).get(0);

        MemberInfo added = await(dir.addMember(new MemberInfo("cluster-r1", "qs-hanghailu-g1-m1", Role.RESIDENT,
                "张三", "", 0)));
        MemberInfo moved = await(dir.moveMember("cluster-r1", "qs-hanghailu-g1-m2", "qs-hanghailu-s1"));
        assertThat(moved.unit()).isEqualTo("qs-hanghailu-g1-m2");
        assertThat(await(dir.memberIdsOf(List.of("qs-hanghailu-g1-m2")))).contains("cluster-r1");
        assertThat(await(dir.memberIdsOf(List.of("qs-hanghailu-g1-m1")))).doesNotContain("cluster-r1")
                .contains(someone.id());
        Optional<MemberInfo> removed = await(dir.removeMember("cluster-r1"));
        assertThat(removed.map(MemberInfo::name)).contains(added.name());
        assertThat(await(dir.memberIdsOf(List.of("qs-hanghailu-g1-m2")))).doesNotContain("cluster-r1");

        Invites invites = new Invites(redis, CLOCK);
        Invite.Issued issued = await(invites.issue("qs-hanghailu-g1-m1", "李四", "", "qs-hanghailu-s1",
                Role.COMMUNITY_STAFF, null));
        assertThat(await(invites.redeem(issued.code())).map(Invite::name)).contains("李四");
        assertThat(await(invites.redeem(issued.code()))).isEmpty();
    }

    @Test
    void presenceClaimAndReleaseAndRevocations() throws Exception {
        LuaScript claim = LuaScript.named("presence_claim");
        LuaScript release = LuaScript.named("presence_release");
        String[] keys = {RedisKeys.presence("r-9")};
        assertThat(await(claim.<byte[]>run(redis.async(), ScriptOutputType.VALUE, keys, bytes("phone"), bytes("node-a"))))
                .isNull();
        assertThat(new String(await(claim.<byte[]>run(redis.async(), ScriptOutputType.VALUE, keys, bytes("phone"),
                bytes("node-b"))), StandardCharsets.UTF_8)).isEqualTo("node-a");
        assertThat(await(release.<Long>run(redis.async(), ScriptOutputType.INTEGER, keys, bytes("phone"), bytes("node-a"))))
                .isZero();
        assertThat(await(release.<Long>run(redis.async(), ScriptOutputType.INTEGER, keys, bytes("phone"), bytes("node-b"))))
                .isEqualTo(1);

        Revocations revocations = new Revocations(redis, CLOCK);
        await(revocations.revokeDevice("r-9", "phone"));
        assertThat(await(revocations.isRevoked("r-9", "phone", CLOCK.millis()))).isTrue();
        assertThat(await(revocations.isRevoked("r-9", "pad", CLOCK.millis()))).isFalse();
    }

    @Test
    void eventScriptsRunInTheEventSlot() throws Exception {
        try (RedisLink<String, String> strings = connector.connectStrings()) {
            EventStore events = new EventStore(strings.async());
            var created = await(events.create("rep-1", "", List.of("SUBMITTED\tr-1\t1\treport"),
                    Map.of("state", "SUBMITTED", "unit", "g-1", "reporter", "r-1", "owners", "u:g-1",
                            "created", "1", "day", "20261202", "acceptDue", "100", "acceptYellow", "50")));
            var retry = await(events.create("rep-1", "", List.of(), Map.of()));
            assertThat(created.created()).isTrue();
            assertThat(retry.id()).isEqualTo(created.id());
            assertThat(await(events.raiseFlag(created.id(), 1000))).isEqualTo(2);
            var updated = await(events.update(created.id(), EventState.SUBMITTED, 0, "ACCEPTED\ts\t2\taccept",
                    Map.of("state", "ACCEPTED", "acceptedAt", "2")));
            assertThat(updated.state()).isEqualTo("ACCEPTED");
            assertThat(updated.version()).isEqualTo(2);
            assertThat(await(events.queue("u:g-1", "active", org.gridcast.protocol.EventOrder.BY_DEADLINE, 0, 10)))
                    .containsExactly(created.id());
        }
    }

    /**
     * An acked post waits for WAIT 1: with the replica of its slot's master down it is refused
     * (and, being stored on the master, answered as a duplicate once a replica is back); with
     * {@code --redis-wait-replicas 0} it is acked at once.
     */
    @Test
    void aPostIsAckedOnlyOnceAReplicaHoldsItUnlessTheWaitIsTurnedOff() throws Exception {
        String channel = "u:g-wait";
        RedisCluster.Node master = cluster.masterOf(RedisKeys.log(channel));
        RedisCluster.Node replica = cluster.replicaOf(master);
        NoticeStore store = new NoticeStore(redis, CLOCK);
        assertThat(await(store.postToUnit("g-wait", draft("一"), "w-1")).seq()).isEqualTo(1);

        replica.kill9();
        try {
            var refused = store.postToUnit("g-wait", draft("二"), "w-2").toCompletableFuture();
            assertThat(refused).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(io.lettuce.core.RedisException.class)
                    .withMessageContaining("0 of 1 replicas");
            try (RedisConnector noWait = new RedisConnector(RedisEndpoint.cluster(cluster.seeds(),
                    cluster.password().toCharArray()).waitReplicas(0));
                 RedisLink<String, byte[]> link = noWait.connect()) {
                Posted unwaited = await(new NoticeStore(link, CLOCK).postToUnit("g-wait", draft("三"), "w-3"));
                assertThat(unwaited.seq()).isEqualTo(3);
                assertThat(unwaited.duplicate()).isFalse();
            }
        } finally {
            replica.restart();
            cluster.awaitHealthy();
        }
        Posted retried = await(store.postToUnit("g-wait", draft("二"), "w-2"));
        assertThat(retried.seq()).isEqualTo(2);
        assertThat(retried.duplicate()).isTrue();
    }

    /**
     * A point-to-point post to recipients on all three masters: every inbox copy runs first, then
     * one WAIT per master the copies landed on (Redis counts them in INFO commandstats), plus the
     * outbox entry's own WAIT before the copies; not one WAIT per recipient.
     */
    @Test
    void aPointToPointPostWaitsOncePerMasterNotOncePerRecipient() throws Exception {
        String sender = "staff-fan";
        List<String> recipients = recipientsOnEveryMaster("fan", 3);
        RedisCluster.Node outboxMaster = cluster.masterOf(RedisKeys.log("o:" + sender));
        Map<Integer, Long> before = waitCallsPerMaster();
        NoticeStore store = new NoticeStore(redis, CLOCK);

        Posted posted = await(store.postDirect(sender, recipients, draft("入户走访"), "fan-1"));

        Map<Integer, Long> after = waitCallsPerMaster();
        assertThat(posted.seq()).isEqualTo(1);
        assertThat(posted.duplicate()).isFalse();
        assertThat(posted.recipients()).isEqualTo(9);
        for (String r : recipients) {
            assertThat(await(store.fetch("i:" + r, 0, 10))).singleElement().satisfies(copy -> {
                assertThat(copy.getOriginChannel()).isEqualTo("o:" + sender);
                assertThat(copy.getOriginSeq()).isEqualTo(1);
            });
        }
        for (RedisCluster.Node master : masters()) {
            long expected = 1 + (master == outboxMaster ? 1 : 0);
            assertThat(after.get(master.port()) - before.get(master.port()))
                    .as("WAITs on %s (outbox master: %s)", master, master == outboxMaster).isEqualTo(expected);
        }
        assertThat(after.values().stream().mapToLong(Long::longValue).sum()
                - before.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3 + 1);
    }

    /**
     * With the replica of one recipient master down, the post is refused (its copies there are on
     * the master only) and nothing is acked or recorded; retried once the replica is back, it is
     * answered as the same post and every recipient holds exactly one copy.
     */
    @Test
    void aPointToPointPostIsRefusedWhileOneCopysReplicaIsDownAndItsRetryAddsNoSecondCopy() throws Exception {
        String sender = "staff-down";
        List<String> recipients = recipientsOnEveryMaster("down", 2);
        RedisCluster.Node outboxMaster = cluster.masterOf(RedisKeys.log("o:" + sender));
        RedisCluster.Node master = masters().stream().filter(m -> m != outboxMaster).findFirst().orElseThrow();
        RedisCluster.Node replica = cluster.replicaOf(master);
        NoticeStore store = new NoticeStore(redis, CLOCK);

        replica.kill9();
        try {
            var refused = store.postDirect(sender, recipients, draft("疫苗接种"), "down-1").toCompletableFuture();
            assertThat(refused).failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(io.lettuce.core.RedisException.class)
                    .withMessageContaining(master.toString()).withMessageContaining("0 of 1 replicas");
            assertThat(redis.sync().exists(RedisKeys.rcpt("o:" + sender, 1))).as("no recipients recorded").isZero();
        } finally {
            replica.restart();
            cluster.awaitHealthy();
        }

        Posted retried = await(store.postDirect(sender, recipients, draft("疫苗接种"), "down-1"));
        assertThat(retried.seq()).isEqualTo(1);
        assertThat(retried.duplicate()).isTrue();
        assertThat(retried.recipients()).isEqualTo(6);
        for (String r : recipients) {
            assertThat(await(store.fetch("i:" + r, 0, 10))).as("inbox of " + r).hasSize(1);
            assertThat(new String(redis.sync().hget(RedisKeys.log("i:" + r), RedisKeys.HEAD))).isEqualTo("1");
        }
        assertThat(redis.sync().hlen(RedisKeys.rcpt("o:" + sender, 1))).isEqualTo(6);
    }

    /** {@code perMaster} member ids for each of the three masters, by their inbox's slot. */
    private static List<String> recipientsOnEveryMaster(String prefix, int perMaster) {
        Map<Integer, List<String>> byMaster = new java.util.TreeMap<>();
        for (int i = 1; byMaster.size() < 3 || byMaster.values().stream().anyMatch(l -> l.size() < perMaster); i++) {
            assertThat(i).as("ids tried").isLessThan(1000);
            String member = prefix + "-r" + i;
            List<String> on = byMaster.computeIfAbsent(cluster.masterOf(RedisKeys.log("i:" + member)).port(),
                    p -> new java.util.ArrayList<>());
            if (on.size() < perMaster) {
                on.add(member);
            }
        }
        return byMaster.values().stream().flatMap(List::stream).toList();
    }

    private static List<RedisCluster.Node> masters() {
        return cluster.nodes().stream().filter(RedisCluster.Node::isAlive).filter(n -> n.role().equals("master")).toList();
    }

    /** WAIT calls each master has served since it started (INFO commandstats). */
    private static Map<Integer, Long> waitCallsPerMaster() {
        Map<Integer, Long> calls = new java.util.HashMap<>();
        java.util.regex.Pattern wait = java.util.regex.Pattern.compile("cmdstat_wait:calls=(\\d+)");
        for (RedisCluster.Node master : masters()) {
            java.util.regex.Matcher m = wait.matcher(master.info("commandstats"));
            calls.put(master.port(), m.find() ? Long.parseLong(m.group(1)) : 0L);
        }
        return calls;
    }

    private static Notice draft(String title) {
        return Notice.newBuilder().setSender("staff-1").setSenderName("王主任").setKind("notice")
                .setBody(NoticeBody.newBuilder().setTitle(title).setText("请相互转告。")).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
