package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Envelope.BodyCase;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Login;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.session.LoginHandler;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Login admission on a real node and a real Redis: logins past the node's login cap are answered
 * UNAVAILABLE at once without a Redis command, the cap's count returns to zero on every path, and
 * a login whose first reads waited past the queue budget is refused before it writes anything.
 * Redis is held still with {@code CLIENT PAUSE}, so "in flight" is a login waiting on real Redis.
 */
class LoginAdmissionIT {
    private static final Pattern CALLS = Pattern.compile("cmdstat_([^:]+):calls=(\\d+)");
    private static final String ALICE = "t1-c1-g1-m1-r1";
    private static final String BOB = "t1-c1-g1-m1-r2";
    private static final String CAROL = "t1-c1-g1-m1-r3";

    private ItServer server;
    private RedisConnector connector;
    private RedisLink<String, String> redis;

    private void start(int maxLogins, Duration queueBudget) throws IOException {
        server = ItServer.start("synthetic:30", b -> b.maxLoginsInFlight(maxLogins).loginQueueBudget(queueBudget));
        connector = new RedisConnector(TestRedis.uri());
        redis = connector.connectStrings();
    }

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.close();
            connector.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aLoginPastTheCapIsAnsweredUnavailableAtOnceWithoutRedisAndSucceedsWhenRetriedLater() throws Exception {
        start(1, Duration.ofSeconds(30));
        RedisClusterCommands<String, String> sync = redis.sync();
        try (LoginSocket warm = warmUp(); LoginSocket alice = new LoginSocket(server.port());
                LoginSocket bob = new LoginSocket(server.port())) {
            sync.configResetstat();
            sync.clientPause(3_000); // below Lettuce's 5 s command timeout
            alice.login(1, server.token(ALICE, "phone"), "phone");
            awaitLoginsInFlight(1);
            bob.login(1, server.token(BOB, "phone"), "phone");
            Envelope shed = bob.read();
            assertThat(shed.getRequestId()).isEqualTo(1);
            assertThat(shed.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(shed.getError().getMessage()).isEqualTo(LoginHandler.BUSY);
            // answered while Alice's login still waited on the paused Redis
            assertThat(server.server().dispatcher().inFlight(BodyCase.LOGIN)).isEqualTo(1);
            assertThat(alice.available()).isZero();

            assertThat(alice.read().hasLoginOk()).isTrue(); // once Redis answers again
            assertThat(server.server().dispatcher().inFlight(BodyCase.LOGIN)).isZero();

            bob.login(2, server.token(BOB, "phone"), "phone");
            Envelope retried = bob.read();
            assertThat(retried.getRequestId()).isEqualTo(2);
            assertThat(retried.getLoginOk().getMember()).isEqualTo(BOB);
            // two logins ran, each reads the revocation keys twice; the shed one read nothing
            assertThat(calls(sync).get("mget")).isEqualTo(4);
            assertThat(calls(sync).get("hgetall")).isEqualTo(2);
        }
        assertThat(shed("logins")).isEqualTo(1.0);
        assertThat(server.server().dispatcher().inFlight(BodyCase.LOGIN)).isZero();
        assertThat(server.server().dispatcher().inFlight()).isZero();
    }

    @Test
    void aLoginWhoseConnectionClosedWhileItWaitedGivesItsSlotBack() throws Exception {
        start(1, Duration.ofSeconds(30));
        try (LoginSocket alice = new LoginSocket(server.port())) {
            redis.sync().clientPause(2_000);
            alice.login(1, server.token(ALICE, "phone"), "phone");
            awaitLoginsInFlight(1);
        } // closed before Redis answers
        awaitLoginsInFlight(0);
        try (LoginSocket carol = new LoginSocket(server.port())) {
            carol.login(1, server.token(CAROL, "phone"), "phone");
            assertThat(carol.read().getLoginOk().getMember()).isEqualTo(CAROL);
        }
        assertThat(shed("logins")).isZero();
    }

    @Test
    void aRefusedLoginGivesItsSlotBack() throws Exception {
        start(1, Duration.ofSeconds(30));
        try (LoginSocket alice = new LoginSocket(server.port())) {
            alice.login(1, "not-a-token", "phone");
            assertThat(alice.read().getError().getCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(server.server().dispatcher().inFlight(BodyCase.LOGIN)).isZero();
            alice.login(2, server.token(ALICE, "phone"), "phone");
            assertThat(alice.read().getLoginOk().getMember()).isEqualTo(ALICE);
        }
    }

    @Test
    void aLoginWhoseFirstReadsWaitedPastTheBudgetIsRefusedBeforeItWritesAnything() throws Exception {
        start(8, Duration.ofMillis(500));
        RedisClusterCommands<String, String> sync = redis.sync();
        try (LoginSocket warm = warmUp(); LoginSocket alice = new LoginSocket(server.port())) {
            sync.configResetstat();
            sync.clientPause(2_000);
            alice.login(1, server.token(ALICE, "phone"), "phone");
            Envelope refused = alice.read();
            assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(refused.getError().getMessage()).isEqualTo(LoginHandler.BUSY);
            assertThat(server.server().runtime().sessions().size()).isEqualTo(1); // the warm-up's only
            assertThat(sync.hgetall(org.gridcast.server.redis.RedisKeys.presence(ALICE))).isEmpty();
            // the first reads only: no second revocation check, no presence claim
            Map<String, Long> calls = calls(sync);
            assertThat(calls.get("mget")).isEqualTo(1);
            assertThat(calls).doesNotContainKeys("eval", "evalsha");
            assertThat(server.server().dispatcher().inFlight(BodyCase.LOGIN)).isZero();

            alice.login(2, server.token(ALICE, "phone"), "phone"); // Redis is quick again
            assertThat(alice.read().getLoginOk().getMember()).isEqualTo(ALICE);
        }
    }

    /**
     * The commands one resident's login sends (docs/OPERATIONS.md, "Login admission"): the
     * revocation keys (MGET) and the member's directory hash (HGETALL) together, the revocation
     * keys again once the session is registered, the presence claim (EVALSHA), the member's
     * conversations (ZREVRANGE), then one channel-state script per followed channel (EVALSHA x 5:
     * town, community, grid, micro-grid, inbox), all five sent at once. Five round trips of
     * waiting, ten commands. Commands the scripts run inside are not asserted (Redis counts them
     * too), nor the node's periodic presence writes, which land at any time.
     */
    @Test
    void aLoginMakesTenRedisCommandsInFiveRoundTrips() throws Exception {
        start(8, Duration.ofSeconds(30));
        RedisClusterCommands<String, String> sync = redis.sync();
        try (LoginSocket warm = warmUp(); LoginSocket alice = new LoginSocket(server.port())) {
            sync.configResetstat();
            alice.login(1, server.token(ALICE, "phone"), "phone");
            assertThat(alice.read().getLoginOk().getMember()).isEqualTo(ALICE);
            Map<String, Long> calls = calls(sync);
            assertThat(calls).containsEntry("mget", 2L).containsEntry("hgetall", 1L).containsEntry("evalsha", 6L)
                    .containsEntry("zrevrange", 1L).doesNotContainKey("eval");
        }
    }

    /**
     * One login first, so the timed part does not wait on class loading and JIT. It stays logged
     * in until the test ends: its logout's Redis commands would mix with the counted ones.
     */
    private LoginSocket warmUp() throws Exception {
        LoginSocket carol = new LoginSocket(server.port());
        for (int id = 1; id <= 5; id++) { // a slow first login may pass a short queue budget
            carol.login(id, server.token(CAROL, "warm-up"), "warm-up");
            if (carol.read().hasLoginOk()) {
                return carol;
            }
        }
        carol.close();
        throw new AssertionError("warm-up login failed 5 times");
    }

    private void awaitLoginsInFlight(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.server().dispatcher().inFlight(BodyCase.LOGIN) != n) {
            assertThat(System.nanoTime()).as("logins in flight to become " + n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private double shed(String limit) {
        var counter = server.server().runtime().metrics().registry().find(GridcastMetrics.REQUESTS_SHED)
                .tag(GridcastMetrics.TAG_LIMIT, limit).counter();
        return counter == null ? 0 : counter.count();
    }

    static Map<String, Long> calls(RedisClusterCommands<String, String> sync) {
        Map<String, Long> calls = new HashMap<>();
        Matcher m = CALLS.matcher(sync.info("commandstats"));
        while (m.find()) {
            calls.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return calls;
    }

    /** A raw socket that sends a Login and reads one reply at a time. */
    static final class LoginSocket implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        LoginSocket(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) (ItServer.WAIT_SECONDS * 1000));
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        void login(long id, String token, String device) throws IOException {
            byte[] bytes = Envelope.newBuilder().setVersion(1).setRequestId(id)
                    .setLogin(Login.newBuilder().setToken(token).setDevice(device)).build().toByteArray();
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
        }

        /** Bytes the server sent that were not read yet. */
        int available() throws IOException {
            return in.available();
        }

        /** The next reply (pushes skipped). */
        Envelope read() throws IOException {
            while (true) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                Envelope e = Envelope.parseFrom(bytes);
                if (e.getRequestId() != 0) {
                    return e;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
