package org.gridcast.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.gridcast.loadtest.Options;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.residents.Tally;
import org.gridcast.loadtest.load.OpenLoopPublisher;
import org.gridcast.loadtest.net.Transport;
import org.gridcast.loadtest.plan.TownPlan;

/** The figures of one run, as JSON (for scripts) and Markdown (for people). */
public final class Report {
    private final Map<String, Object> fields;

    private Report(Map<String, Object> fields) {
        this.fields = fields;
    }

    public static Report build(Options o, TownPlan plan, Ledger ledger, Tally tally,
                               OpenLoopPublisher publisher, Map<String, Object> facts, Map<String, Object> extra,
                               long publishStartNanos, long badgeMismatches, String startedAt) {
        long delivered = tally.delivered();
        long duplicates = tally.duplicates();
        long unexpected = tally.unexpected();
        long expected = ledger.expected();
        long lost = expected - delivered;
        Histogram lat = ledger.latency();
        Histogram done = ledger.completion();
        double seconds = Math.max(1e-9, (ledger.lastDeliveryNanos() - publishStartNanos) / 1e9);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("target", o.target());
        f.put("transport", o.transport().label());
        f.put("processes", o.processes());
        f.put("mode", o.mode().name().toLowerCase());
        f.put("level", o.level().label());
        f.put("residents", o.residents());
        f.put("units", plan.units().size());
        f.put("connections", plan.residents().size() - ((Number) extra.getOrDefault("connectFailures", 0)).intValue());
        f.put("payloadBytes", o.payloadBytes());
        f.put("rate", o.rate());
        f.put("durationSeconds", o.durationSeconds());
        f.put("notices", publisher.notices());
        f.put("expected", expected);
        f.put("delivered", delivered);
        f.put("lost", lost);
        f.put("duplicates", duplicates);
        f.put("unexpected", unexpected);
        f.put("publishErrors", ledger.publishErrors());
        if (ledger.firstPublishError() != null) {
            f.put("firstPublishError", ledger.firstPublishError());
        }
        f.put("retriedPosts", ledger.retriedPosts());
        f.put("unknownPosts", ledger.unknownPosts());
        if (ledger.firstUnknownPost() != null) {
            f.put("firstUnknownPost", ledger.firstUnknownPost());
        }
        f.put("badgeMismatches", badgeMismatches);
        // after a warm-up, the rate counts what was delivered since (publishStart is after it)
        long warm = ((Number) extra.getOrDefault("warmupDeliveries", 0L)).longValue();
        f.put("deliveriesPerSec", Math.round((delivered - warm) / seconds));
        f.put("latencyMs", percentiles(lat, true));
        f.put("fanoutCompletionMs", percentiles(done, false));
        f.put("publisherMaxLagMs", round(publisher.maxLagMs()));
        f.putAll(extra);
        f.put("facts", facts);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("transport", Transport.name());
        f.put("machine", machine);
        f.put("startedAt", startedAt);
        // a notice that may or may not be stored cannot be checked for "delivered exactly once"
        f.put("passed", lost == 0 && duplicates == 0 && unexpected == 0 && ledger.publishErrors() == 0
                && ledger.unknownPosts() == 0 && badgeMismatches == 0 && gaveUp(extra) == 0);
        return new Report(f);
    }

    /**
     * Residents that stopped trying to log in, first connect and reconnects alike: each is a
     * resident the run did not hold, whether or not it happened to miss a notice.
     */
    private static long gaveUp(Map<String, Object> extra) {
        long n = 0;
        for (String key : List.of("connectFailures", "stormReconnectFailures", "churnReconnectFailures")) {
            n += ((Number) extra.getOrDefault(key, 0)).longValue();
        }
        return n;
    }

    private static Map<String, Object> percentiles(Histogram h, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", ms(h, 50));
        if (full) {
            m.put("p90", ms(h, 90));
        }
        m.put("p99", ms(h, 99));
        if (full) {
            m.put("p999", ms(h, 99.9));
        }
        m.put("max", round(h.getMaxValue() / 1000.0));
        m.put("count", h.getTotalCount());
        return m;
    }

    private static double ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(p) / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public boolean passed() {
        return Boolean.TRUE.equals(fields.get("passed"));
    }

    public long number(String name) {
        return ((Number) fields.get(name)).longValue();
    }

    /** A nested value such as "latencyMs.p99". */
    @SuppressWarnings("unchecked")
    public Object get(String dotted) {
        Object v = fields;
        for (String part : dotted.split("\\.")) {
            if (v == null) {
                return null;
            }
            v = ((Map<String, Object>) v).get(part);
        }
        return v;
    }

    public String json() {
        StringBuilder sb = new StringBuilder();
        Json.write(sb, fields, "");
        return sb.append('\n').toString();
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(fields.get("target")).append(" — ").append(fields.get("mode")).append(", ")
                .append(fields.get("level")).append(" level, ").append(fields.get("residents")).append(" residents\n\n");
        sb.append("| figure | value |\n|---|---|\n");
        row(sb, "transport", "transport");
        row(sb, "processes holding the residents", "processes");
        row(sb, "connections held", "connections");
        row(sb, "residents that gave up connecting", "connectFailures");
        row(sb, "connect rate (/s)", "connectRatePerSec");
        row(sb, "notices", "notices");
        row(sb, "expected deliveries", "expected");
        row(sb, "delivered", "delivered");
        row(sb, "duplicates", "duplicates");
        row(sb, "lost", "lost");
        row(sb, "deliveries/s", "deliveriesPerSec");
        row(sb, "posts refused (publish errors)", "publishErrors");
        row(sb, "posts acked after a retry (same client_msg_id)", "retriedPosts");
        row(sb, "posts unacked after every retry (may or may not be stored)", "unknownPosts");
        for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
            row(sb, "latency " + p + " (ms)", "latencyMs." + p);
        }
        row(sb, "fan-out completion p50 (ms)", "fanoutCompletionMs.p50");
        row(sb, "fan-out completion p99 (ms)", "fanoutCompletionMs.p99");
        row(sb, "publisher max lag (ms)", "publisherMaxLagMs");
        row(sb, "connect retries (backoff after a refused login)", "connectRetries");
        row(sb, "storm: members cut and reconnected", "stormMembers");
        row(sb, "storm: reconnects that gave up", "stormReconnectFailures");
        row(sb, "churn: reconnects that gave up", "churnReconnectFailures");
        row(sb, "storm: seconds from reconnect start to everything delivered", "stormSyncSeconds");
        measuredRow(sb, "server figures come from", "serverMetricsScope");
        measuredRow(sb, "server CPU in the load phase (s)", "serverCpuSeconds");
        measuredRow(sb, "server CPU per 1,000 deliveries (ms)", "serverCpuMsPerThousandDeliveries");
        measuredRow(sb, "server connections at the end", "serverConnections");
        measuredRow(sb, "server heap in use at the end (bytes, no GC forced)", "serverHeapBytes");
        measuredRow(sb, "server heap in use ÷ connections (bytes, no GC forced)", "serverHeapBytesPerConnection");
        measuredRow(sb, "Redis commands in the load phase", "redisCommands");
        measuredRow(sb, "Redis commands per notice", "redisCommandsPerNotice");
        measuredRow(sb, "Redis top commands (calls)", "redisCommandsTop");
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) fields.get("facts");
        for (Map.Entry<String, Object> e : facts.entrySet()) {
            sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        sb.append("| passed | ").append(fields.get("passed")).append(" |\n");
        return sb.toString();
    }

    private void row(StringBuilder sb, String label, String key) {
        Object v = get(key);
        if (v != null) {
            sb.append("| ").append(label).append(" | ").append(v).append(" |\n");
        }
    }

    /**
     * A figure only some targets have: no row when the target has none, "not measured" when it
     * has one but it could not be read.
     */
    private void measuredRow(StringBuilder sb, String label, String key) {
        if (fields.containsKey(key)) {
            Object v = fields.get(key);
            sb.append("| ").append(label).append(" | ").append(v == null ? "not measured" : cell(v)).append(" |\n");
        }
    }

    /** A map as "key value, key value" (the top Redis commands); anything else as itself. */
    private static String cell(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            }
            return sb.toString();
        }
        return String.valueOf(v);
    }

    public void write(Path json, Path md) throws IOException {
        if (json != null) {
            Files.writeString(json, json());
        }
        if (md != null) {
            Files.writeString(md, markdown());
        }
    }
}
