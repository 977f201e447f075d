package org.gridcast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gridcast.loadtest.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --processes 2}: the residents live in two worker JVMs started by the run, against the
 * real server (in the run's process, its private redis-server); their counts and latency
 * histograms come back into one report. Town notices reach everyone, so the counts are exact.
 */
class GridcastProcessesIT {

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twoWorkerProcessesHoldTheResidentsAndTheirCountsAddUp() throws Exception {
        Options o = Options.parse("--target", "gridcast", "--processes", "2", "--residents", "600",
                "--level", "town", "--rate", "20", "--duration", "3", "--connect-rate", "2000", "--drain", "15",
                "--source-ips", "127.0.0.1-127.0.0.2");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report r;
        try (WorkerWatch watch = new WorkerWatch()) {
            r = new Run(o, new PrintStream(log, true, StandardCharsets.UTF_8)).execute();
            assertThat(watch.most()).as("worker JVMs alive at once").isEqualTo(2);
        }

        assertThat(r.number("connections")).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(600);
        assertThat(r.number("processes")).isEqualTo(2);
        assertThat(r.number("notices")).isEqualTo(60);
        assertThat(r.number("expected")).isEqualTo(60 * 600);
        assertThat(r.number("delivered")).isEqualTo(60 * 600);
        assertThat(r.number("lost")).isZero();
        assertThat(r.number("duplicates")).isZero();
        assertThat(r.number("unexpected")).isZero();
        assertThat(r.number("badgeMismatches")).isZero();
        // every delivery's latency came back from the workers, not a summary of it
        assertThat(r.get("latencyMs.count")).isEqualTo(60L * 600);
        // and each notice's last arrival, wherever it was: every one of the 60 reached all 600
        assertThat(r.get("fanoutCompletionMs.count")).isEqualTo(60L);
        assertThat(r.passed()).isTrue();
    }

    /** A storm across processes: both workers cut everyone, reconnect, and fetch what they missed. */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aReconnectStormAcrossTwoProcessesSyncsEveryone() throws Exception {
        Options o = Options.parse("--target", "gridcast", "--processes", "2", "--mode", "storm", "--residents", "400",
                "--level", "town", "--rate", "10", "--duration", "2", "--connect-rate", "2000", "--drain", "15",
                "--source-ips", "127.0.0.1-127.0.0.2");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report r = new Run(o, new PrintStream(log, true, StandardCharsets.UTF_8)).execute();

        long notices = 10 * (2 + Run.STORM_OFFLINE_SECONDS);
        assertThat(r.number("notices")).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(notices);
        assertThat(r.number("delivered")).isEqualTo(notices * 400).isEqualTo(r.number("expected"));
        assertThat(r.number("lost")).isZero();
        assertThat(r.number("duplicates")).isZero();
        assertThat(r.number("badgeMismatches")).isZero();
        assertThat(r.get("stormSynced")).isEqualTo(true);
        assertThat(r.number("stormReconnectFailures")).isZero();
        // what was posted while everyone was away reached them by Fetch, in the workers
        assertThat(((Number) r.get("facts.noticesFetchedOnSyncByWorkers")).longValue())
                .isGreaterThanOrEqualTo(10L * Run.STORM_OFFLINE_SECONDS * 400);
        assertThat(r.passed()).isTrue();
    }

    /** Counts this JVM's child processes that are JVMs (the run's workers), every 100 ms. */
    private static final class WorkerWatch implements AutoCloseable {
        private final AtomicLong most = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        WorkerWatch() {
            // the run's other child, the embedded server's redis-server, is not a java
            timer.scheduleAtFixedRate(() -> most.accumulateAndGet(ProcessHandle.current().children()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                    .count(), Math::max), 0, 100, TimeUnit.MILLISECONDS);
        }

        long most() {
            return most.get();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
