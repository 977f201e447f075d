package org.gridcast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.gridcast.loadtest.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The whole harness against the in-process raw server over real loopback sockets. */
class RawLoadIT {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyNoticeReachesEveryFollowerExactlyOnce() throws Exception {
        Options o = Options.parse("--target", "raw", "--residents", "3000", "--level", "mixed",
                "--rate", "100", "--duration", "3", "--connect-rate", "3000", "--drain", "10",
                "--source-ips", "127.0.0.1-127.0.0.4");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report r = new Run(o, new PrintStream(log, true, StandardCharsets.UTF_8)).execute();

        assertThat(r.number("connections")).isEqualTo(3000);
        assertThat(r.number("notices")).isEqualTo(300);
        assertThat(r.number("expected")).isGreaterThan(0);
        assertThat(r.number("delivered")).isEqualTo(r.number("expected"));
        assertThat(r.number("lost")).isZero();
        assertThat(r.number("duplicates")).isZero();
        assertThat(r.number("unexpected")).isZero();
        assertThat(r.passed()).isTrue();
        assertThat(r.json()).contains("\"deliveriesPerSec\"", "\"p999\"", "\"target\": \"raw\"");
    }
}
