package org.gridcast.loadtest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerFiguresTest {
    static final MetricsScrape BEFORE = MetricsScrape.parse("""
            process_cpu_time_ns_total 3.26E9
            gridcast_connections 2031.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
            """);
    static final MetricsScrape AFTER = MetricsScrape.parse("""
            process_cpu_time_ns_total 4.76E9
            gridcast_connections 2031.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 6.0E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.0E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 3.0E7
            """);
    static final RedisCommandStats COMMANDS_BEFORE = RedisCommandStats.parse(
            "cmdstat_evalsha:calls=10\r\ncmdstat_hello:calls=2\r\n");
    static final RedisCommandStats COMMANDS_AFTER = RedisCommandStats.parse(
            "cmdstat_evalsha:calls=410\r\ncmdstat_hello:calls=2\r\ncmdstat_publish:calls=200\r\n"
                    + "cmdstat_zadd:calls=3\r\ncmdstat_sadd:calls=3\r\ncmdstat_hset:calls=2\r\ncmdstat_del:calls=1\r\n");

    private final List<String> problems = new ArrayList<>();

    @Test
    void figuresOfALoadPhase() {
        Map<String, Object> f = ServerFigures.of(new ServerReading(BEFORE, COMMANDS_BEFORE),
                new ServerReading(AFTER, COMMANDS_AFTER), 200, 30_000, false, problems::add);

        assertThat(f).containsEntry("serverMetricsScope", ServerFigures.SCOPE_OWN_PROCESS)
                .containsEntry("serverCpuSeconds", 1.5)
                .containsEntry("serverCpuMsPerThousandDeliveries", 50.0)
                .containsEntry("serverConnections", 2031L)
                .containsEntry("serverHeapBytes", 80_000_000L)
                .containsEntry("serverHeapBytesPerConnection", 39_389L) // 80,000,000 / 2,031 = 39,389.46
                .containsEntry("redisCommands", 609L)
                .containsEntry("redisCommandsPerNotice", 3.045);
        @SuppressWarnings("unchecked")
        Map<String, Long> top = (Map<String, Long>) f.get("redisCommandsTop");
        // every command that ran, fewer than the top's size; hello did not run in between
        assertThat(top).containsExactly(Map.entry("evalsha", 400L), Map.entry("publish", 200L),
                Map.entry("sadd", 3L), Map.entry("zadd", 3L), Map.entry("hset", 2L), Map.entry("del", 1L));
        assertThat(problems).isEmpty();
    }

    @Test
    void whatWasNotReadIsNullNeverZero() {
        Map<String, Object> f = ServerFigures.of(ServerReading.NONE, ServerReading.NONE, 200, 30_000, true, problems::add);

        assertThat(f).containsEntry("serverMetricsScope", ServerFigures.SCOPE_IN_PROCESS);
        for (String key : List.of("serverCpuSeconds", "serverCpuMsPerThousandDeliveries", "serverConnections",
                "serverHeapBytes", "serverHeapBytesPerConnection", "redisCommands", "redisCommandsPerNotice",
                "redisCommandsTop")) {
            assertThat(f).containsEntry(key, null);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theHeapNeedsOnlyTheLastReadingButCpuNeedsBoth() {
        Map<String, Object> f = ServerFigures.of(new ServerReading(null, COMMANDS_BEFORE),
                new ServerReading(AFTER, null), 0, 0, false, problems::add);

        assertThat(f).containsEntry("serverCpuSeconds", null)
                .containsEntry("serverHeapBytesPerConnection", 39_389L)
                .containsEntry("redisCommandsPerNotice", null);
    }

    @Test
    void noDeliveriesOrNoticesOrConnectionsGiveNoRatio() {
        MetricsScrape idle = MetricsScrape.parse("process_cpu_time_ns_total 4.76E9\ngridcast_connections 0\n"
                + "jvm_memory_used_bytes{area=\"heap\"} 1.0E7\n");
        Map<String, Object> f = ServerFigures.of(new ServerReading(BEFORE, COMMANDS_BEFORE),
                new ServerReading(idle, COMMANDS_BEFORE), 0, 0, false, problems::add);

        assertThat(f).containsEntry("serverCpuSeconds", 1.5)
                .containsEntry("serverCpuMsPerThousandDeliveries", null)
                .containsEntry("serverConnections", 0L)
                .containsEntry("serverHeapBytesPerConnection", null)
                .containsEntry("redisCommands", 0L)
                .containsEntry("redisCommandsPerNotice", null);
    }

    @Test
    void countersThatWentDownAreAProblemNotAFigure() {
        Map<String, Object> f = ServerFigures.of(new ServerReading(AFTER, COMMANDS_AFTER),
                new ServerReading(BEFORE, COMMANDS_BEFORE), 200, 30_000, false, problems::add);

        assertThat(f).containsEntry("serverCpuSeconds", null).containsEntry("redisCommands", null);
        assertThat(problems).hasSize(2).allSatisfy(p -> assertThat(p).containsAnyOf("restarted", "reset"));
    }
}
