package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.gridcast.protocol.AddMember;
import org.gridcast.protocol.DirectoryPage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventPage;
import org.gridcast.protocol.EventQueue;
import org.gridcast.protocol.GetDirectory;
import org.gridcast.protocol.GetPresence;
import org.gridcast.protocol.ListEvents;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.Logout;
import org.gridcast.protocol.Member;
import org.gridcast.protocol.Ping;
import org.gridcast.protocol.RemoveMember;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.TransitionEvent;
import org.gridcast.protocol.Unit;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.Services;
import org.gridcast.server.auth.Revocations;
import org.gridcast.server.net.ConnectionCap;
import org.gridcast.server.session.MemberResolver;
import org.gridcast.server.session.RedisMemberResolver;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 item 8, each over real sockets against the real server on a real Redis: page limits
 * read unsigned, presence and directory scoped, attachment links, code-point lengths, removal
 * and logout revoking tokens, expired tokens closing live sessions, and the connection caps.
 */
@Timeout(120)
class HardeningIT {
    static ItServer it;

    @BeforeAll
    static void start() throws Exception {
        it = ItServer.start(Hamlet.seeds());
    }

    @AfterAll
    static void stop() {
        it.close();
    }

    // ------------------------------------------------------------------ ListEvents limit

    @Test
    void listEventsLimitAboveTwoToThe31IsClampedNotNegative() throws Exception {
        try (Wire w = it.raw(Hamlet.M2_RESIDENT, "phone")) {
            for (int i = 0; i < 3; i++) {
                w.ok(report(ReportEvent.newBuilder().setCategory("市政设施/路灯损坏").setText("路灯不亮 " + i)));
            }
            // 0xFFFFFFFF and 0x80000000 on the wire: -1 and MIN_VALUE as a Java int
            assertThat(mine(w, -1, 0).getEventsCount()).isEqualTo(3);
            assertThat(mine(w, Integer.MIN_VALUE, 0).getEventsCount()).isEqualTo(3);
            assertThat(mine(w, 2, 0).getEventsCount()).isEqualTo(2);
            assertThat(mine(w, 0, 2).getEventsCount()).isEqualTo(1);
            assertThat(w.error(list(ListEvents.newBuilder().setQueue(EventQueue.MINE).setOffset(-1))))
                    .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        }
    }

    // ------------------------------------------------------------------ presence scope

    @Test
    void presenceOfMembersOutsideTheCallersScopeIsForbidden() throws Exception {
        try (Wire leader = it.raw(Hamlet.LEADER, "phone");
             Wire worker = it.raw(Hamlet.GRID_WORKER, "phone");
             Wire operator = it.raw(Hamlet.OPERATOR, "phone");
             Wire resident = it.raw(Hamlet.RESIDENT, "phone")) {
            Envelope own = leader.ok(presence(Hamlet.RESIDENT));
            assertThat(own.getPresenceInfo().getOnlineList()).containsExactly(Hamlet.RESIDENT);
            assertThat(leader.error(presence(Hamlet.M2_RESIDENT))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(leader.error(presence(Hamlet.RESIDENT, Hamlet.M2_RESIDENT))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(leader.error(presence("nobody-at-all"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.error(presence(Hamlet.C2_RESIDENT))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(worker.ok(presence(Hamlet.M2_RESIDENT)).getPresenceInfo().getOnlineList()).isEmpty();
            assertThat(operator.ok(presence(Hamlet.C2_RESIDENT, Hamlet.RESIDENT)).getPresenceInfo().getOnlineList())
                    .containsExactly(Hamlet.RESIDENT);
        }
    }

    // ------------------------------------------------------------------ directory for residents

    @Test
    void residentsAndShopOperatorsSeeOnlyTheStaffOfTheirChain() throws Exception {
        try (Wire resident = it.raw(Hamlet.RESIDENT, "phone");
             Wire shop = it.raw(Hamlet.SHOP, "phone");
             Wire leader = it.raw(Hamlet.LEADER, "phone")) {
            DirectoryPage page = resident.ok(directory("")).getDirectoryPage();
            assertThat(ids(page.getMembersList())).containsExactly(Hamlet.LEADER, Hamlet.GRID_WORKER, Hamlet.COMMUNITY_STAFF);
            assertThat(page.getMembersList()).allMatch(m -> m.getTag().isEmpty());
            assertThat(page.getUnitsList()).extracting(Unit::getId).containsExactly(Hamlet.M1, Hamlet.G1, Hamlet.C1);
            assertThat(page.getNextPageToken()).isEmpty();
            assertThat(resident.ok(directory(Hamlet.M1)).getDirectoryPage()).isEqualTo(page);
            assertThat(resident.error(directory(Hamlet.C1))).isEqualTo(ErrorCode.FORBIDDEN);

            DirectoryPage shops = shop.ok(directory("")).getDirectoryPage();
            assertThat(ids(shops.getMembersList())).containsExactly(Hamlet.COMMUNITY_STAFF);
            assertThat(shops.getUnitsList()).extracting(Unit::getId).containsExactly(Hamlet.SHOPS, Hamlet.C1);

            // staff still list their whole micro-grid, neighbours and tags included
            List<Member> mine = leader.ok(directory("")).getDirectoryPage().getMembersList();
            assertThat(ids(mine)).contains(Hamlet.RESIDENT, Hamlet.M1_FLOATING);
            assertThat(mine).filteredOn(m -> m.getId().equals(Hamlet.M1_FLOATING)).extracting(Member::getTag)
                    .containsExactly("floating");
        }
    }

    // ------------------------------------------------------------------ attachment links

    @Test
    void eventAttachmentsAndPhotosAreOnlyAbsoluteHttpLinks() throws Exception {
        try (Wire w = it.raw(Hamlet.RESIDENT, "phone")) {
            for (String bad : List.of("javascript:alert(1)", "JavaScript:alert(document.cookie)",
                    "data:text/html,<script>x</script>", "file:///etc/passwd", "/uploads/a.jpg", "https://", "https://a b/")) {
                assertThat(w.error(report(ReportEvent.newBuilder().setCategory("a/b").setText("x").addAttachments(bad))))
                        .as(bad).isEqualTo(ErrorCode.BAD_REQUEST);
                assertThat(w.error(transition(TransitionEvent.newBuilder().setId("e-none").setTo("RESOLVED").setPhoto(bad))))
                        .as(bad).isEqualTo(ErrorCode.BAD_REQUEST);
            }
            w.ok(report(ReportEvent.newBuilder().setCategory("a/b").setText("x")
                    .addAttachments("https://img.example/1.jpg").addAttachments("http://intranet.gov.cn/2.jpg")));
        }
    }

    // ------------------------------------------------------------------ code-point lengths

    @Test
    void lengthLimitsCountCharactersSoEmojiAtTheLimitPass() throws Exception {
        String emoji = "\uD83D\uDE00"; // 😀, one character, two UTF-16 units
        try (Wire w = it.raw(Hamlet.M2_LEADER, "phone");
             Wire staff = it.raw(Hamlet.COMMUNITY_STAFF, "phone")) {
            assertThat(w.error(report(ReportEvent.newBuilder().setCategory("a/b").setText(emoji.repeat(2000)))))
                    .isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
            assertThat(w.error(report(ReportEvent.newBuilder().setCategory("a/b").setText("居" + emoji.repeat(2000)))))
                    .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(w.error(report(ReportEvent.newBuilder().setCategory("a/" + emoji.repeat(62)).setText("x"))))
                    .isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
            assertThat(w.error(Requests.toUnit(Hamlet.M2, Requests.body(emoji.repeat(200)), "emoji-200")))
                    .isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
            assertThat(w.error(Requests.toUnit(Hamlet.M2, Requests.body(emoji.repeat(201)), "emoji-201")))
                    .isEqualTo(ErrorCode.LIMIT_EXCEEDED);

            Envelope added = staff.ok(Envelope.newBuilder().setAddMember(AddMember.newBuilder().setUnit(Hamlet.M2)
                    .setMember("c1-g1-m2-emoji").setName(emoji.repeat(64)).setTag("猫".repeat(64))));
            assertThat(added.getDirectoryPage().getMembers(0).getName()).isEqualTo(emoji.repeat(64));
            assertThat(staff.error(Envelope.newBuilder().setAddMember(AddMember.newBuilder().setUnit(Hamlet.M2)
                    .setMember("c1-g1-m2-emoji2").setName(emoji.repeat(65))))).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    // ------------------------------------------------------------------ removal revokes

    @Test
    void removingAMemberRevokesTheirTokensSoReAddingDoesNotReviveThem() throws Exception {
        String member = "c1-g1-m1-r4";
        String oldToken = it.token(member, "phone");
        try (Wire staff = it.raw(Hamlet.COMMUNITY_STAFF, "phone");
             Wire victim = it.raw(member, "phone")) {
            staff.ok(Envelope.newBuilder().setRemoveMember(RemoveMember.newBuilder().setMember(member)));
            assertThat(victim.push(Envelope.BodyCase.KICKED).getKicked().getReason()).isEqualTo(ErrorCode.REVOKED);
            staff.ok(Envelope.newBuilder().setAddMember(AddMember.newBuilder().setUnit(Hamlet.M1).setMember(member)
                    .setName("吴居民")));
        }
        assertThat(loginError(it.port(), oldToken, "phone")).isEqualTo(ErrorCode.REVOKED);
        Thread.sleep(5); // a token issued in the revocation's millisecond counts as revoked
        assertThat(loginError(it.port(), it.token(member, "phone"), "phone")).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
    }

    // ------------------------------------------------------------------ logout

    @Test
    void logoutAnswersOkClosesAndRevokesOnlyThatDevicesToken() throws Exception {
        String member = "c1-g1-m1-r3";
        String phone = it.token(member, "phone");
        String tablet = it.token(member, "tablet");
        try (Wire w = new Wire(it.port())) {
            assertThat(w.call(login(phone, "phone")).hasLoginOk()).isTrue();
            Envelope reply = w.call(Envelope.newBuilder().setLogout(Logout.getDefaultInstance()));
            assertThat(reply.hasOk()).as(reply.toString()).isTrue();
            assertThat(closedByServer(w)).isTrue();
        }
        assertThat(loginError(it.port(), phone, "phone")).isEqualTo(ErrorCode.REVOKED);
        assertThat(loginError(it.port(), tablet, "tablet")).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
    }

    // ------------------------------------------------------------------ expiry closes sessions

    @Test
    void aLiveSessionIsClosedWhenItsTokenExpires() throws Exception {
        try (GridcastServer node = node(b -> b.heartbeat(Duration.ofSeconds(1)), new SimpleMeterRegistry());
             Wire w = new Wire(node.tcpPort())) {
            Duration ttl = Duration.ofSeconds(2);
            long issued = System.currentTimeMillis();
            String token = node.runtime().tokens().issue(Hamlet.RESIDENT, "phone", ttl);
            assertThat(w.call(login(token, "phone")).hasLoginOk()).isTrue();
            long deadline = issued + 8_000;
            // heartbeats keep the session from idling out: only the expiry can close it
            while (System.currentTimeMillis() < deadline) {
                try {
                    w.call(Envelope.newBuilder().setPing(Ping.getDefaultInstance()));
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(200);
            }
            long closedAt = System.currentTimeMillis();
            Envelope kicked = w.push(Envelope.BodyCase.KICKED);
            assertThat(kicked.getKicked().getReason()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(closedAt - issued).isGreaterThanOrEqualTo(ttl.toMillis()).isLessThan(8_000);
        }
    }

    @Test
    void aRevocationLandingWhileALoginIsInFlightStillClosesTheSession() throws Exception {
        // the production resolver, with the member's revocation landing just before it answers:
        // after the login's first revocation check, before its session is registered
        UnaryOperator<Services.Builder> racing = s -> s.membersFrom(conn -> {
            MemberResolver real = new RedisMemberResolver(conn);
            Revocations revocations = new Revocations(conn, Clock.systemUTC());
            return id -> revocations.revokeMember(id).thenCompose(v -> real.resolve(id));
        });
        try (GridcastServer node = node(b -> b, new SimpleMeterRegistry(), racing);
             Wire w = new Wire(node.tcpPort())) {
            String token = node.runtime().tokens().issue(Hamlet.M2_LEADER, "phone");
            Thread.sleep(5); // the revocation is later than the token
            Envelope reply = w.call(login(token, "phone"));
            assertThat(reply.hasLoginOk()).as(reply.toString()).isFalse();
            assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.REVOKED);
            assertThat(closedByServer(w)).isTrue();
        } catch (java.io.EOFException closedBeforeTheReply) {
            // the kick closed the connection before the error reply went out: refused all the same
        }
    }

    // ------------------------------------------------------------------ connection caps

    @Test
    void connectionsPastTheProcessCapAreClosedAtAcceptAndCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (GridcastServer node = node(b -> b.maxConnections(3), registry)) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(connect(node.tcpPort()));
                    assertThat(closedByServer(held.get(i))).isFalse();
                }
                try (Socket tcp = connect(node.tcpPort()); Socket ws = connect(node.httpPort())) {
                    assertThat(closedByServer(tcp)).isTrue();
                    assertThat(closedByServer(ws)).isTrue();
                }
                assertThat(refused(registry, "global")).isEqualTo(2);
                held.remove(0).close();
                assertThat(acceptedWithin(node.httpPort(), 5_000)).isTrue();
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void connectionsPastThePerAddressCapAreClosedAtAcceptAndLoopbackIsExemptByDefault() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (GridcastServer capped = node(b -> b.maxConnectionsPerIp(2).capLoopback(true), registry);
             GridcastServer exempt = node(b -> b.maxConnectionsPerIp(1), new SimpleMeterRegistry());
             Socket a = connect(capped.tcpPort());
             Socket b = connect(capped.httpPort());
             Socket e1 = connect(exempt.tcpPort());
             Socket e2 = connect(exempt.tcpPort())) {
            assertThat(closedByServer(a)).isFalse();
            assertThat(closedByServer(b)).isFalse();
            try (Socket c = connect(capped.tcpPort())) {
                assertThat(closedByServer(c)).isTrue();
            }
            assertThat(refused(registry, "per_ip")).isEqualTo(1);
            assertThat(refused(registry, "global")).isZero();
            a.close();
            assertThat(acceptedWithin(capped.tcpPort(), 5_000)).isTrue();
            assertThat(closedByServer(e1)).isFalse();
            assertThat(closedByServer(e2)).isFalse();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Another node on the same Redis (the seeds are already imported) with a changed config. */
    private static GridcastServer node(UnaryOperator<ServerConfig.Builder> change, SimpleMeterRegistry registry)
            throws IOException {
        return node(change, registry, s -> s);
    }

    private static GridcastServer node(UnaryOperator<ServerConfig.Builder> change, SimpleMeterRegistry registry,
                                       UnaryOperator<Services.Builder> services) throws IOException {
        ServerConfig config = change.apply(ServerConfig.builder(Files.createTempDirectory("gridcast-hardening"))
                .bindHost("127.0.0.1").port(0).httpPort(0).redisUri(TestRedis.uri()).seeds(Hamlet.seeds())).build();
        return GridcastServer.start(config, services.apply(GridcastServices.builder(config, Clock.systemUTC())
                .meterRegistry(registry)).build());
    }

    private static double refused(SimpleMeterRegistry registry, String reason) {
        Counter c = registry.find(ConnectionCap.REFUSED).tag(ConnectionCap.TAG_REASON, reason).counter();
        return c == null ? -1 : c.count();
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(500);
        return s;
    }

    /** True when the server closed the connection (EOF or reset); false when it stays open and silent. */
    private static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static boolean closedByServer(Wire w) throws IOException {
        try {
            while (true) {
                w.push();
            }
        } catch (java.io.EOFException | java.net.SocketException eof) {
            return true;
        } catch (SocketTimeoutException open) {
            return false;
        }
    }

    /** Connects until the server keeps a connection open (a closed one frees its slot asynchronously). */
    private static boolean acceptedWithin(int port, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = connect(port)) {
                if (!closedByServer(s)) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static ErrorCode loginError(int port, String token, String device) throws IOException {
        try (Wire w = new Wire(port)) {
            Envelope reply = w.call(login(token, device));
            return reply.hasError() ? reply.getError().getCode() : ErrorCode.ERROR_CODE_UNSPECIFIED;
        }
    }

    private static Envelope.Builder login(String token, String device) {
        return Envelope.newBuilder().setLogin(Login.newBuilder().setToken(token).setDevice(device));
    }

    private static Envelope.Builder report(ReportEvent.Builder r) {
        return Envelope.newBuilder().setEventCall(EventCall.newBuilder().setReport(r));
    }

    private static Envelope.Builder transition(TransitionEvent.Builder t) {
        return Envelope.newBuilder().setEventCall(EventCall.newBuilder().setTransition(t));
    }

    private static Envelope.Builder list(ListEvents.Builder q) {
        return Envelope.newBuilder().setEventCall(EventCall.newBuilder().setList(q));
    }

    private static EventPage mine(Wire w, int limit, int offset) throws IOException {
        return w.ok(list(ListEvents.newBuilder().setQueue(EventQueue.MINE).setLimit(limit).setOffset(offset)))
                .getEventResult().getPage();
    }

    private static Envelope.Builder presence(String... members) {
        return Envelope.newBuilder().setGetPresence(GetPresence.newBuilder().addAllMembers(List.of(members)));
    }

    private static Envelope.Builder directory(String unit) {
        return Envelope.newBuilder().setGetDirectory(GetDirectory.newBuilder().setUnit(unit).setMembers(true));
    }

    private static List<String> ids(List<Member> members) {
        return members.stream().map(Member::getId).toList();
    }
}
