package org.gridcast.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.testing.TcpClient;
import org.gridcast.server.testing.TestNode;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A node advertising a 1-second heartbeat: silence for 3 beats closes the session. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HeartbeatIT {
    private static GridcastServer server;

    @BeforeAll
    static void start() throws Exception {
        TestRedis.flushAll();
        server = TestNode.start(Files.createTempDirectory("hb").resolve("secret"), "hb1", s -> s,
                c -> c.heartbeat(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void silentSessionIsKickedForIdleTimeout() throws Exception {
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            Envelope ok = c.login(server.runtime().tokens().issue("alice", "idle"), "idle");
            long loggedIn = System.nanoTime();
            assertThat(ok.getLoginOk().getHeartbeatSeconds()).isEqualTo(1);

            Envelope last = c.readUntilClosed(Duration.ofSeconds(10));
            assertThat(last.getKicked().getReason()).isEqualTo(ErrorCode.IDLE_TIMEOUT);
            // not before the 3-beat window; the sweep runs every tenth of it
            assertThat(Duration.ofNanos(System.nanoTime() - loggedIn)).isBetween(Duration.ofMillis(2_900), Duration.ofSeconds(6));
        }
    }

    @Test
    void pingingSessionStaysOpen() throws Exception {
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            c.login(server.runtime().tokens().issue("bob", "busy"), "busy");
            for (int i = 0; i < 10; i++) {   // 5 s, well past the 3 s idle window
                Thread.sleep(500);
                assertThat(c.ping().hasPong()).isTrue();
            }
            assertThat(server.runtime().sessions().byDevice("bob", "busy")).isPresent();
        }
    }
}
