package org.gridcast.loadtest.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * The server-side figures of a load phase, from the readings taken just before and just after
 * it. Every field is always present; one whose readings are missing or inconsistent is null
 * (not measured), never estimated.
 */
final class ServerFigures {
    /** Micrometer's {@code process.cpu.time}, under its standard name: a counter of nanoseconds. */
    static final String CPU_NANOS = "process_cpu_time_ns_total";
    /** Summed over the heap pools (eden, survivor, old) for the heap in use. */
    static final String MEMORY_USED = "jvm_memory_used_bytes";
    static final Map<String, String> HEAP = Map.of("area", "heap");
    /** Open client connections, logged in or not: residents and the staff sessions that post. */
    static final String CONNECTIONS = "gridcast_connections";
    static final int TOP_COMMANDS = 8;

    static final String SCOPE_IN_PROCESS =
            "the load tester's JVM (server in process): CPU and heap include the load tester's own";
    static final String SCOPE_OWN_PROCESS = "the server's own process";

    private ServerFigures() {
    }

    /**
     * @param notices    notices posted in the phase (the denominator of Redis commands per notice)
     * @param deliveries deliveries the load tester counted in the phase
     * @param problems   told why a figure is left unmeasured although its readings exist
     */
    static Map<String, Object> of(ServerReading before, ServerReading after, long notices, long deliveries,
                                  boolean inProcess, Consumer<String> problems) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("serverMetricsScope", inProcess ? SCOPE_IN_PROCESS : SCOPE_OWN_PROCESS);
        Double cpuSeconds = cpuSeconds(before.metrics(), after.metrics(), problems);
        f.put("serverCpuSeconds", round(cpuSeconds));
        f.put("serverCpuMsPerThousandDeliveries",
                cpuSeconds == null || deliveries == 0 ? null : round(cpuSeconds * 1e6 / deliveries));
        Double connections = value(after.metrics(), CONNECTIONS, Map.of());
        Double heap = value(after.metrics(), MEMORY_USED, HEAP);
        f.put("serverConnections", connections == null ? null : connections.longValue());
        f.put("serverHeapBytes", heap == null ? null : heap.longValue());
        f.put("serverHeapBytesPerConnection",
                heap == null || connections == null || connections == 0 ? null : Math.round(heap / connections));
        RedisCommandStats ran = commandsRun(before.commands(), after.commands(), problems);
        f.put("redisCommands", ran == null ? null : ran.total());
        f.put("redisCommandsPerNotice", ran == null || notices == 0 ? null : round((double) ran.total() / notices));
        f.put("redisCommandsTop", ran == null ? null : ran.top(TOP_COMMANDS));
        return f;
    }

    private static Double cpuSeconds(MetricsScrape before, MetricsScrape after, Consumer<String> problems) {
        Double from = value(before, CPU_NANOS, Map.of());
        Double to = value(after, CPU_NANOS, Map.of());
        if (from == null || to == null) {
            return null;
        }
        if (to < from) {
            problems.accept(CPU_NANOS + " went down: the server restarted during the run");
            return null;
        }
        return (to - from) / 1e9;
    }

    private static RedisCommandStats commandsRun(RedisCommandStats before, RedisCommandStats after,
                                                 Consumer<String> problems) {
        if (before == null || after == null) {
            return null;
        }
        try {
            return after.minus(before);
        } catch (IllegalStateException e) {
            problems.accept(e.getMessage());
            return null;
        }
    }

    private static Double value(MetricsScrape scrape, String name, Map<String, String> labels) {
        if (scrape == null) {
            return null;
        }
        OptionalDouble v = scrape.sum(name, labels);
        return v.isPresent() ? v.getAsDouble() : null;
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }
}
