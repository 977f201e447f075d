package org.gridcast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gridcast.loadtest.report.Report;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.auth.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node that is not answering yet when the run starts (still starting, seeding, or too busy
 * to log anyone in) must delay the run, not abort it: the load tester's own staff sessions are
 * retried with backoff as residents' are. Before the retry a refused staff login failed the
 * run before any resident connected.
 */
class LateNodeIT {
    private static final int RESIDENTS = 200;
    private static final long NODE_DELAY_MS = 3_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRunWaitsForANodeThatStartsLateAndDeliversEveryNoticeOnce() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // free now; nothing listens on it until the node starts
        }
        int tcpPort = port;
        Path data = Files.createTempDirectory("lt-late");
        // the secret the node will sign with exists before it starts, as for an operator who
        // passes --server-data of a node still being started
        Secret.loadOrCreate(data.resolve(ServerConfig.DEFAULT_SECRET_FILE));
        CompletableFuture<Nodes> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(NODE_DELAY_MS);
                started.complete(Nodes.start(1, RESIDENTS, tcpPort, data));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "late-node");
        starter.setDaemon(true);
        starter.start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report r;
        try {
            r = new Run(Options.parse("--target", "gridcast", "--server", "127.0.0.1:" + tcpPort,
                    "--server-data", data.toString(), "--residents", Integer.toString(RESIDENTS),
                    "--level", "town", "--rate", "5", "--duration", "2", "--drain", "10"),
                    new PrintStream(log, true, StandardCharsets.UTF_8)).execute();
        } finally {
            started.get(60, TimeUnit.SECONDS).close();
        }
        assertThat(r.number("connections")).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(RESIDENTS);
        assertThat(r.number("notices")).isEqualTo(10);
        assertThat(r.number("delivered")).isEqualTo(10L * RESIDENTS);
        assertThat(r.number("lost")).isZero();
        assertThat(r.number("duplicates")).isZero();
        assertThat(r.passed()).isTrue();
    }
}
