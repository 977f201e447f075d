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
 * {@code --servers}: two real nodes on one redis-server, residents spread over them round robin
 * and posters on both, so most notices cross from one node to the other through Redis. Town
 * notices reach every resident, so the exact counts are known from the shape alone.
 */
class GridcastServersIT {
    private static final int RESIDENTS = 800;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void residentsOnTwoNodesOfOneRedisGetEveryTownNoticeOnce() throws Exception {
        try (Nodes nodes = Nodes.start(2, RESIDENTS)) {
            Options o = Options.parse("--target", "gridcast", "--servers", nodes.addresses(false),
                    "--server-data", nodes.data().toString(),
                    "--server-http", "127.0.0.1:" + nodes.admin(0).getPort() + ",127.0.0.1:" + nodes.admin(1).getPort(),
                    "--server-redis", nodes.redisUri(),
                    "--residents", Integer.toString(RESIDENTS), "--level", "town", "--rate", "20", "--duration", "3",
                    "--connect-rate", "2000", "--drain", "15", "--source-ips", "127.0.0.1-127.0.0.2");
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Report r = new Run(o, new PrintStream(log, true, StandardCharsets.UTF_8)).execute();

            assertThat(r.number("connections")).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(RESIDENTS);
            assertThat(nodes.residentSessions(0, Transport.TCP)).isEqualTo(RESIDENTS / 2);
            assertThat(nodes.residentSessions(1, Transport.TCP)).isEqualTo(RESIDENTS / 2);
            assertThat(r.number("notices")).isEqualTo(60);
            assertThat(r.number("expected")).isEqualTo(60L * RESIDENTS);
            assertThat(r.number("delivered")).isEqualTo(60L * RESIDENTS);
            assertThat(r.number("lost")).isZero();
            assertThat(r.number("duplicates")).isZero();
            assertThat(r.number("unexpected")).isZero();
            assertThat(r.number("badgeMismatches")).isZero();
            assertThat(r.passed()).isTrue();
            // both nodes' /metrics were read and added up: every resident and poster session counted once
            assertThat(r.fields()).doesNotContainKey("serverProbeProblems");
            assertThat(r.number("serverConnections")).isEqualTo(RESIDENTS + r.number("units"));
            assertThat(((Number) r.get("redisCommandsPerNotice")).doubleValue()).isPositive();
        }
    }
}
