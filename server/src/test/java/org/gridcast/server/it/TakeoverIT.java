package org.gridcast.server.it;

import org.gridcast.server.redis.RedisKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import org.gridcast.server.redis.RedisLink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.InviteRedeemed;
import org.gridcast.protocol.IssueInvite;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.Notice;
import org.gridcast.seeds.Role;
import org.gridcast.server.directory.Invites;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 1: a micro-grid leader (or a grid worker one level up) must not get a token for
 * someone else by moving them into their scope and issuing an invite for them. Every step of the
 * attack is tried over real sockets against the real server; legitimate moves and the operator's
 * re-issued device still work, and leave an audit entry and a notice in the member's inbox.
 * The directory is {@code seeds/takeover.tsv}: ids and names below come from it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TakeoverIT {
    private static final String M1 = "t-c1-g1-m1";
    private static final String M2 = "t-c1-g1-m2";
    private static final String G1 = "t-c1-g1";
    private static final String C1 = "t-c1";
    private static final String G2M1 = "t-c1-g2-m1";
    private static final String AUDIT = RedisKeys.DIR_AUDIT;

    private ItServer server;
    private RedisConnector connector;
    private RedisLink<String, String> redis;

    @BeforeEach
    void start() throws Exception {
        server = ItServer.start(Path.of(TakeoverIT.class.getResource("/seeds/takeover.tsv").toURI()).toString());
        connector = new RedisConnector(TestRedis.uri());
        redis = connector.connectStrings();
    }

    @AfterEach
    void stop() {
        redis.close();
        connector.close();
        server.close();
    }

    @Test
    void leaderCannotPullAnotherLeadersResidentNorInviteAnExistingMember() throws Exception {
        try (Wire leader = server.raw("m1l", "phone")) {
            // step 1 of the attack: pull the victim out of 2号微网格 into the leader's own
            assertThat(leader.error(Requests.move("m2r", M1))).isEqualTo(ErrorCode.FORBIDDEN);
            // step 2, for a resident already in the leader's micro-grid, and for the victim
            assertThat(leader.error(inviteFor("m1r"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(leader.error(inviteFor("m2r"))).isEqualTo(ErrorCode.FORBIDDEN);
            // pushing someone out of their own micro-grid, or moving a leader, needs staff too
            assertThat(leader.error(Requests.move("m1r", M2))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(leader.error(Requests.move("m2l", M1))).isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertThat(homeOf("m2r")).isEqualTo(M2);
        assertThat(homeOf("m1r")).isEqualTo(M1);
        assertThat(homeOf("m2l")).isEqualTo(M2);
        assertThat(redis.sync().keys(RedisKeys.INVITE_PREFIX + "*")).isEmpty();
        assertThat(redis.sync().xlen(AUDIT)).isZero();
    }

    @Test
    void gridWorkerCannotPullALeaderFromAnotherGridNorInviteALeaderOfTheirOwn() throws Exception {
        try (Wire worker = server.raw("g1w", "desk")) {
            assertThat(worker.error(Requests.move("g2m1l", M1))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.error(inviteFor("m1l"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.error(inviteFor("g2m1l"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.error(Requests.move("g2w", M1))).isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertThat(homeOf("g2m1l")).isEqualTo(G2M1);
        assertThat(redis.sync().keys(RedisKeys.INVITE_PREFIX + "*")).isEmpty();
        assertThat(redis.sync().xlen(AUDIT)).isZero();
    }

    /**
     * Step 3, should an invite for an existing member exist without an operator behind it (stored
     * by an older version, or by a bug in issuing): redeeming it gives no token.
     */
    @Test
    void redeemingAnExistingMemberInviteNotIssuedByAnOperatorIsForbidden() throws Exception {
        String fromLeader;
        String legacy;
        try (RedisConnector bytes = new RedisConnector(TestRedis.uri());
             RedisLink<String, byte[]> connection = bytes.connect()) {
            Invites invites = new Invites(connection, Clock.systemUTC());
            fromLeader = invites.issue(M1, "", "m1r", "m1l", Role.MICROGRID_LEADER, Duration.ofHours(1))
                    .toCompletableFuture().get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS).code();
            legacy = invites.issue(M1, "", "m1r", "op", Role.OPERATOR, Duration.ofHours(1))
                    .toCompletableFuture().get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS).code();
        }
        redis.sync().hdel(RedisKeys.invite(legacy), "issuerRole"); // as stored before roles were recorded

        assertThat(redeemError(fromLeader)).isEqualTo(ErrorCode.FORBIDDEN.name());
        assertThat(redeemError(legacy)).isEqualTo(ErrorCode.FORBIDDEN.name());
        assertThat(redis.sync().xlen(AUDIT)).isZero();
    }

    @Test
    void operatorStillReissuesADeviceForAnExistingMember() throws Exception {
        long before = System.currentTimeMillis();
        String code;
        try (Wire operator = server.raw("op", "console")) {
            code = operator.ok(inviteFor("m2r")).getInviteIssued().getCode();
        }
        InviteRedeemed redeemed = redeem(code, "new-phone", "");
        assertThat(redeemed.getMember()).isEqualTo("m2r");
        try (Wire phone = new Wire(server.port())) {
            Envelope login = phone.call(Envelope.newBuilder().setLogin(Login.newBuilder()
                    .setToken(redeemed.getToken()).setDevice("new-phone")));
            assertThat(login.getLoginOk().getMember()).isEqualTo("m2r");
            assertThat(login.getLoginOk().getUnit()).isEqualTo(M2);
        }
        long after = System.currentTimeMillis();
        List<Map<String, String>> audit = audit(before, after);
        assertThat(audit).containsExactly(
                entry("op", "invite-issue", "m2r", "", M2),
                entry("op", "invite-redeem", "m2r", "", M2));
    }

    @Test
    void newResidentInvitesFromLeadersStillWorkAndAreAudited() throws Exception {
        long before = System.currentTimeMillis();
        String code;
        try (Wire leader = server.raw("m1l", "phone")) {
            code = leader.ok(Requests.invite(M1, "褚五")).getInviteIssued().getCode();
        }
        InviteRedeemed redeemed = redeem(code, "phone", "");
        assertThat(redeemed.getMember()).startsWith(M1 + "-n");
        assertThat(audit(before, System.currentTimeMillis())).containsExactly(
                entry("m1l", "invite-issue", "", "", M1),
                entry("m1l", "invite-redeem", redeemed.getMember(), "", M1));
    }

    @Test
    void leaderPullsResidentsNotYetInAMicrogridAndTheyAreTold() throws Exception {
        long before = System.currentTimeMillis();
        try (Wire leader = server.raw("m1l", "phone")) {
            assertThat(leader.ok(Requests.move("g1r", M1)).getDirectoryPage().getMembers(0).getUnit()).isEqualTo(M1);
            assertThat(leader.ok(Requests.move("c1r", M1)).getDirectoryPage().getMembers(0).getUnit()).isEqualTo(M1);
            // not into another micro-grid, and a repeated move changes and records nothing
            assertThat(leader.error(Requests.move("g1r", M2))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(leader.ok(Requests.move("g1r", M1)).getDirectoryPage().getMembers(0).getUnit()).isEqualTo(M1);
        }
        assertThat(homeOf("g1r")).isEqualTo(M1);
        assertThat(homeOf("c1r")).isEqualTo(M1);
        assertThat(audit(before, System.currentTimeMillis())).containsExactly(
                entry("m1l", "move", "g1r", G1, M1),
                entry("m1l", "move", "c1r", C1, M1));
        assertInboxNotice("g1r", "m1l", "王组长", "您已由王组长从第一网格调整到1号微网格");
        assertInboxNotice("c1r", "m1l", "王组长", "您已由王组长从幸福社区调整到1号微网格");
    }

    @Test
    void crossMicrogridPullIsForStaffWhoseScopeCoversBothSides() throws Exception {
        long before = System.currentTimeMillis();
        try (Wire leader = server.raw("m1l", "phone"); Wire otherWorker = server.raw("g2w", "desk");
             Wire staff = server.raw("cs", "desk")) {
            assertThat(leader.error(Requests.move("m2r", M1))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(otherWorker.error(Requests.move("m2r", G2M1))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(staff.ok(Requests.move("m2r", M1)).getDirectoryPage().getMembers(0).getUnit()).isEqualTo(M1);
        }
        assertThat(homeOf("m2r")).isEqualTo(M1);
        assertThat(audit(before, System.currentTimeMillis())).containsExactly(entry("cs", "move", "m2r", M2, M1));
        assertInboxNotice("m2r", "cs", "陈社干", "您已由陈社干从2号微网格调整到1号微网格");
    }

    private static Envelope.Builder inviteFor(String member) {
        return Envelope.newBuilder().setIssueInvite(IssueInvite.newBuilder().setMember(member));
    }

    private String homeOf(String member) {
        return redis.sync().hget(RedisKeys.dirMember(member), "unit");
    }

    /** The member's inbox holds exactly one entry: the notice of the move, as the member reads it. */
    private void assertInboxNotice(String member, String actor, String actorName, String text) throws Exception {
        try (Wire phone = server.raw(member, "phone")) {
            FetchResult inbox = phone.ok(Requests.fetch("i:" + member, 0, 10)).getFetchResult();
            assertThat(inbox.getNoticesList()).hasSize(1);
            Notice n = inbox.getNotices(0);
            assertThat(List.of(n.getChannel(), n.getSeq(), n.getKind(), n.getSender(), n.getSenderName(),
                    n.getBody().getTitle(), n.getBody().getText()))
                    .containsExactly("i:" + member, 1L, "directory", actor, actorName, "微网格调整", text);
        }
    }

    /** The audit stream, oldest first, each entry's {@code at} checked to lie in [from, to] and dropped. */
    private List<Map<String, String>> audit(long from, long to) {
        List<StreamMessage<String, String>> all = redis.sync().xrange(AUDIT, Range.create("-", "+"));
        return all.stream().map(m -> {
            Map<String, String> body = new LinkedHashMap<>(m.getBody());
            assertThat(Long.parseLong(body.remove("at"))).isBetween(from, to);
            return body;
        }).toList();
    }

    private static Map<String, String> entry(String actor, String action, String member, String fromUnit,
                                             String toUnit) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("actor", actor);
        e.put("action", action);
        e.put("member", member);
        e.put("from", fromUnit);
        e.put("to", toUnit);
        return e;
    }

    private InviteRedeemed redeem(String code, String device, String name) throws Exception {
        return GridcastClient.redeemInvite("127.0.0.1", server.port(), code, device, name, ClientOptions.defaults())
                .get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private String redeemError(String code) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> redeem(code, "phone", "")).isInstanceOf(ExecutionException.class)
                .satisfies(e -> caught[0] = e.getCause());
        assertThat(caught[0]).isInstanceOf(GridcastClientException.class);
        return ((GridcastClientException) caught[0]).code();
    }
}
