package org.gridcast.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.PresenceInfo;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.presence.PresenceTimings;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online counts through GetPresence (issue 2: "Online status per member and online counts per
 * unit, in Redis. A crashed node's sessions stop counting as online within 30 s").
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PresenceIT {
    /** The bound the issue sets for a crashed node's sessions. */
    private static final Duration CRASH_BOUND = Duration.ofSeconds(30);
    /** Short lease so the stopped-refresh case is quick; the refresh batch comes every second. */
    private static final PresenceTimings SHORT = new PresenceTimings(Duration.ofSeconds(3), Duration.ofSeconds(1));
    private static final String TOWN = "t1";
    private static final String GRID = "t1-c1-g1";
    private static final String M1 = GRID + "-m1";
    private static final String M2 = GRID + "-m2";
    private static final int N = 10;

    @TempDir
    Path dir;

    @Test
    void countsFollowConnectsAndDisconnectsAndANodeThatStopsRefreshingStopsCounting() throws Exception {
        TestRedis.flushAll();
        Path secret = Files.createTempDirectory("gridcast-ops-secret").resolve("secret");
        try (GridcastServer a = OpsNode.start(secret, "pres-a", s -> s.presenceTimings(SHORT));
             GridcastServer b = OpsNode.start(secret, "pres-b", s -> s.presenceTimings(SHORT));
             Receiver operator = OpsNode.connect(b, "operator", "console")) {
            List<Receiver> residents = new ArrayList<>();
            try {
                for (int i = 1; i <= N; i++) {
                    residents.add(OpsNode.connect(a, M1 + "-r" + i, "phone"));
                }
                awaitCount(operator, M1, N);
                assertThat(count(operator, GRID)).isEqualTo(N);
                assertThat(count(operator, M2)).isZero();
                // The operator lives at the town; node b writes its count in its own batch.
                awaitCount(operator, TOWN, N + 1);
                PresenceInfo who = Receiver.join(operator.client.presence(GRID, List.of(M1 + "-r1", M1 + "-r2", M2 + "-r1")));
                assertThat(who.getOnlineList()).containsExactly(M1 + "-r1", M1 + "-r2");

                for (int i = 0; i < 3; i++) {
                    residents.get(i).close();
                }
                awaitCount(operator, M1, N - 3);
                assertThat(count(operator, TOWN)).isEqualTo(N - 3 + 1);
                who = Receiver.join(operator.client.presence(GRID, List.of(M1 + "-r1", M1 + "-r4")));
                assertThat(who.getOnlineList()).containsExactly(M1 + "-r4");

                // Node a keeps its sessions but stops refreshing, as a hung or crashed node would.
                a.runtime().presence().stopRefreshing();
                awaitCount(operator, M1, 0);
                assertThat(count(operator, TOWN)).isEqualTo(1);
                who = Receiver.join(operator.client.presence(GRID, List.of(M1 + "-r4")));
                assertThat(who.getOnlineList()).isEmpty();
            } finally {
                residents.forEach(Receiver::close);
            }
        }
    }

    @Test
    void aKilledNodesMembersStopCountingWithinThirtySeconds() throws Exception {
        TestRedis.flushAll();
        Path secret = Files.createTempDirectory("gridcast-ops-secret").resolve("secret");
        try (GridcastServer b = OpsNode.start(secret, "pres-b");
             Receiver operator = OpsNode.connect(b, "operator", "console")) {
            // Default timings in the killed node: the lease it leaves behind lives 15 s.
            ServerProcess crashing = ServerProcess.fromClassPath(dir.resolve("node"), "--redis", TestRedis.uri(),
                    "--port", "0", "--http-port", "0", "--seeds", OpsNode.SEEDS, "--node", "pres-crash",
                    "--secret-file", secret.toString());
            List<Receiver> residents = new ArrayList<>();
            try {
                for (int i = 1; i <= 5; i++) {
                    String m = M2 + "-r" + i;
                    residents.add(Receiver.connect(m, "phone", crashing.tcpPort(), b.runtime().tokens().issue(m, "phone")));
                }
                residents.add(OpsNode.connect(b, M2 + "-r6", "phone"));
                awaitCount(operator, M2, 6);
                crashing.kill();
                assertThat(Receiver.await(() -> count(operator, M2) == 1, CRASH_BOUND, Receiver.SERVER_POLL))
                        .as("online in %s after the kill: %s", M2, count(operator, M2)).isTrue();
                assertThat(count(operator, TOWN)).isEqualTo(2);
                PresenceInfo who = Receiver.join(operator.client.presence(M2, List.of(M2 + "-r1", M2 + "-r6")));
                assertThat(who.getOnlineList()).containsExactly(M2 + "-r6");
            } finally {
                residents.forEach(Receiver::close);
                crashing.close();
            }
        }
    }

    private static long count(Receiver operator, String unit) {
        return Receiver.join(operator.client.presence(unit, List.of())).getOnlineMembers();
    }

    private static void awaitCount(Receiver operator, String unit, long expected) {
        assertThat(Receiver.await(() -> count(operator, unit) == expected, CRASH_BOUND, Receiver.SERVER_POLL))
                .as("online in %s: expected %d, was %d", unit, expected, count(operator, unit)).isTrue();
    }
}
