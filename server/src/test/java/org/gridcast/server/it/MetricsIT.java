package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.protocol.TransitionEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 item 2: /metrics stays small and its set of series fixed, whatever clients send, and
 * the JVM, process and Netty meters keep the names standard dashboards read.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsIT {
    static final String RESIDENT = "qs-hanghailu-g1-m1-r1";
    static final String GRID_WORKER = "qs-hanghailu-g1-w";
    /** The ceiling the issue sets for a scrape of an idle node. */
    static final int IDLE_SCRAPE_LIMIT = 64 * 1024;
    static final int HOSTILE_REQUESTS = 200;

    static ItServer it;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        it = ItServer.start(null);
    }

    @AfterAll
    static void stop() {
        it.close();
    }

    @Test
    void idleScrapeIsUnder64KiBWithStandardRuntimeNames() throws Exception {
        try (ItServer.Connected resident = it.client(RESIDENT, "phone");
             ItServer.Connected worker = it.client(GRID_WORKER, "phone")) {
            report(resident.client(), "idle-1");
            worker.client().unread().get(10, TimeUnit.SECONDS);
        }
        String body = scrape();
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).as("idle scrape bytes").isLessThan(IDLE_SCRAPE_LIMIT);
        Set<String> names = names(body);
        assertThat(names).contains("jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads",
                "process_cpu_usage", "process_cpu_time_ns_total", "system_cpu_count",
                "netty_allocator_memory_used", "gridcast_connections", "gridcast_events_reported_total");
        assertThat(names).filteredOn(n -> n.startsWith("gridcast_jvm") || n.startsWith("gridcast_process")
                || n.startsWith("gridcast_netty") || n.startsWith("gridcast_lettuce") || n.startsWith("lettuce"))
                .isEmpty();
    }

    @Test
    void paddedAndGarbageTransitionTargetsAddNoSeries() throws Exception {
        try (ItServer.Connected resident = it.client(RESIDENT, "phone2");
             ItServer.Connected worker = it.client(GRID_WORKER, "phone2")) {
            String id = report(resident.client(), "padding-1");
            GridcastClient w = worker.client();
            assertThat(transition(w, id, "ACCEPTED")).isEqualTo("ACCEPTED");
            assertThat(transition(w, id, "IN_PROGRESS")).isEqualTo("IN_PROGRESS");
            assertThat(transition(w, id, "RESOLVED")).isEqualTo("RESOLVED");
            assertThat(transition(w, id, "IN_PROGRESS")).isEqualTo("IN_PROGRESS");
            String before = scrape();
            double resolvedBefore = value(before, "gridcast_events_transitions_total{to=\"RESOLVED\"}");
            double reworkBefore = value(before, "gridcast_events_transitions_total{to=\"IN_PROGRESS\"}");

            // The worker alternates resolve and rework, each spelled differently; every other
            // request names a state that does not exist, padded and re-cased too.
            int resolved = 0;
            int reworked = 0;
            boolean inProgress = true;
            for (int i = 0; i < HOSTILE_REQUESTS; i++) {
                String pad = " ".repeat(i % 7) + "\t".repeat(i % 3);
                if (i % 2 == 0) {
                    String state = inProgress ? "resolved" : "in_progress";
                    String spelled = pad + (i % 4 == 0 ? state : state.toUpperCase()) + " ".repeat(i);
                    assertThat(transition(w, id, spelled)).isEqualTo(state.toUpperCase());
                    if (inProgress) {
                        resolved++;
                    } else {
                        reworked++;
                    }
                    inProgress = !inProgress;
                } else {
                    String garbage = pad + "NO_SUCH_STATE_" + i + " ".repeat(i);
                    assertThat(refusal(w, id, garbage)).isEqualTo("BAD_REQUEST");
                }
            }
            String after = scrape();
            // our own meters only: a GC in between may add a jvm_gc_pause series of its own
            assertThat(ours(series(after))).isEqualTo(ours(series(before)));
            assertThat(value(after, "gridcast_events_transitions_total{to=\"RESOLVED\"}"))
                    .isEqualTo(resolvedBefore + resolved);
            assertThat(value(after, "gridcast_events_transitions_total{to=\"IN_PROGRESS\"}"))
                    .isEqualTo(reworkBefore + reworked);
            assertThat(resolved + reworked).isEqualTo(HOSTILE_REQUESTS / 2);
        }
    }

    /** Every series of a scrape: the sample lines without their values. */
    private static Set<String> ours(Set<String> series) {
        return series.stream().filter(s -> s.startsWith("gridcast_")).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    static Set<String> series(String scrape) {
        return scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.substring(0, l.lastIndexOf(' ')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> names(String scrape) {
        return series(scrape).stream().map(s -> s.contains("{") ? s.substring(0, s.indexOf('{')) : s)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static double value(String scrape, String series) {
        List<String> lines = scrape.lines().filter(l -> l.startsWith(series + " ")).toList();
        assertThat(lines).as(series).hasSize(1);
        return Double.parseDouble(lines.get(0).substring(series.length() + 1));
    }

    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + it.server().adminPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static String report(GridcastClient c, String clientId) throws Exception {
        return call(c, EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                .setCategory("市政设施/路灯损坏").setText("航海路12号门口路灯不亮").setClientReportId(clientId)))
                .getEvent().getId();
    }

    static String transition(GridcastClient c, String id, String to) throws Exception {
        return call(c, EventCall.newBuilder().setTransition(TransitionEvent.newBuilder().setId(id).setTo(to)))
                .getEvent().getState();
    }

    static String refusal(GridcastClient c, String id, String to) throws Exception {
        try {
            call(c, EventCall.newBuilder().setTransition(TransitionEvent.newBuilder().setId(id).setTo(to)));
            throw new AssertionError("transition to " + to + " was accepted");
        } catch (GridcastClientException e) {
            return e.code();
        }
    }

    /** One call; RATE_LIMITED (50 requests a second per connection) is waited out, as a client would. */
    static EventResult call(GridcastClient c, EventCall.Builder call) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return c.event(call.build()).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | CompletionException e) {
                if (!(e.getCause() instanceof GridcastClientException g)) {
                    throw e;
                }
                if (!"RATE_LIMITED".equals(g.code()) || System.nanoTime() > deadline) {
                    throw g;
                }
                Thread.sleep(25);
            }
        }
    }
}
