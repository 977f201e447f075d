package org.gridcast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.gridcast.loadtest.report.Report;
import org.gridcast.server.net.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The small CI scenario against the real server (in process, with its private redis-server):
 * a few thousand logged-in residents, hundreds of notices to every level, each delivered exactly
 * once and every badge right; and the server's own figures (CPU, heap, Redis commands) are read.
 */
class GridcastLoadIT {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyNoticeReachesEveryResidentOnceAndBadgesAdd() throws Exception {
        Options o = Options.parse("--target", "gridcast", "--residents", "2000", "--level", "mixed",
                "--rate", "50", "--duration", "4", "--connect-rate", "2000", "--drain", "15",
                "--source-ips", "127.0.0.1-127.0.0.4");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report r = new Run(o, new PrintStream(log, true, StandardCharsets.UTF_8)).execute();

        assertThat(r.number("connections")).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(2000);
        assertThat(r.number("notices")).isEqualTo(200);
        assertThat(r.number("publishErrors")).isZero();
        assertThat(r.number("delivered")).isEqualTo(r.number("expected")).isGreaterThan(0);
        assertThat(r.number("lost")).isZero();
        assertThat(r.number("duplicates")).isZero();
        assertThat(r.number("unexpected")).isZero();
        assertThat(r.number("badgeMismatches")).isZero();
        assertThat(r.passed()).isTrue();

        // the server's own figures, read from its /metrics and its Redis's INFO commandstats
        assertThat(r.fields()).doesNotContainKey("serverProbeProblems");
        assertThat((Number) r.get("redisCommandsPerNotice")).isNotNull()
                .satisfies(n -> assertThat(n.doubleValue()).isPositive());
        assertThat((Number) r.get("serverHeapBytesPerConnection")).isNotNull()
                .satisfies(n -> assertThat(n.longValue()).isPositive());
        assertThat((Number) r.get("serverCpuSeconds")).isNotNull()
                .satisfies(n -> assertThat(n.doubleValue()).isPositive());
        assertThat(r.number("serverConnections")).isGreaterThanOrEqualTo(2000);
        assertThat(r.markdown()).contains("| Redis commands per notice | ").doesNotContain("not measured");
    }

    /**
     * {@code --transport ws}: residents and staff reach a real server only through its HTTP
     * port's {@code /ws} (the HTTP port speaks nothing else), one Envelope per binary message,
     * and are accounted exactly as over TCP. A town notice reaches all 600, so the expected
     * deliveries are known without the tester's own arithmetic.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void overWebSocketEveryResidentGetsEveryNoticeOnce() throws Exception {
        try (Nodes nodes = Nodes.start(1, 600)) {
            Options o = Options.parse("--target", "gridcast", "--transport", "ws",
                    "--server", nodes.addresses(true), "--server-data", nodes.data().toString(),
                    "--residents", "600", "--level", "town", "--rate", "20", "--duration", "3",
                    "--connect-rate", "2000", "--drain", "15", "--source-ips", "127.0.0.1-127.0.0.2");
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Report r = new Run(o, new PrintStream(log, true, StandardCharsets.UTF_8)).execute();

            assertThat(r.number("connections")).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(600);
            assertThat(r.get("transport")).isEqualTo("ws");
            assertThat(nodes.residentSessions(0, Transport.WEBSOCKET)).isEqualTo(600);
            assertThat(nodes.residentSessions(0, Transport.TCP)).isZero();
            assertThat(r.number("notices")).isEqualTo(60);
            assertThat(r.number("expected")).isEqualTo(60 * 600);
            assertThat(r.number("delivered")).isEqualTo(60 * 600);
            assertThat(r.number("lost")).isZero();
            assertThat(r.number("duplicates")).isZero();
            assertThat(r.number("unexpected")).isZero();
            assertThat(r.number("badgeMismatches")).isZero();
            assertThat(r.passed()).isTrue();
        }
    }
}
