package org.gridcast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.gridcast.loadtest.report.Report;
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
}
