package org.gridcast.loadtest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsScrapeTest {
    /** Shaped like the server's real /metrics: standard JVM meter names, odd label values, NaN, CRLF. */
    static final String TEXT = """
            # HELP gridcast_connections \s
            # TYPE gridcast_connections gauge
            gridcast_connections 2000.0
            # HELP gridcast_sessions \s
            # TYPE gridcast_sessions gauge
            gridcast_sessions NaN
            # HELP process_cpu_time_ns_total The "cpu time" used by the Java Virtual Machine process
            # TYPE process_cpu_time_ns_total counter
            process_cpu_time_ns_total 3.26E9
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 2.9360128E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 9690112.0
            jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 3996144.0
            jvm_memory_used_bytes{area="nonheap",id="CodeHeap 'non-nmethods'"} 1316736.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 2.1691528E7
            jvm_buffer_memory_used_bytes{id="mapped - 'non-volatile memory'"} 0.0

            # TYPE gridcast_fanout_duration_seconds histogram
            gridcast_fanout_duration_seconds_bucket{le="0.001"} 12.0
            gridcast_fanout_duration_seconds_bucket{le="+Inf"} 15.0
            gridcast_fanout_duration_seconds_max -Inf
            gridcast_errors_total{code="RATE_LIMITED",} 3.0 1700000000000
            gridcast_odd_total{ path = "/a\\"b\\\\c,d} e\\n" , kind="x"} 7\r
            """;

    @Test
    void sumsTheHeapPoolsAndNothingElse() {
        MetricsScrape m = MetricsScrape.parse(TEXT);

        assertThat(m.sum("jvm_memory_used_bytes", Map.of("area", "heap")))
                .isEqualTo(OptionalDouble.of(29_360_128 + 9_690_112 + 3_996_144));
        assertThat(m.sum("jvm_memory_used_bytes", Map.of("area", "nonheap")))
                .isEqualTo(OptionalDouble.of(1_316_736 + 21_691_528));
        assertThat(m.sum("jvm_memory_used_bytes", Map.of("area", "heap", "id", "G1 Old Gen")))
                .isEqualTo(OptionalDouble.of(9_690_112));
    }

    @Test
    void readsPlainCountersAndGauges() {
        MetricsScrape m = MetricsScrape.parse(TEXT);

        assertThat(m.sum("gridcast_connections")).isEqualTo(OptionalDouble.of(2000));
        assertThat(m.sum("process_cpu_time_ns_total")).isEqualTo(OptionalDouble.of(3_260_000_000.0));
        assertThat(m.sum("gridcast_errors_total", Map.of("code", "RATE_LIMITED"))).isEqualTo(OptionalDouble.of(3));
    }

    @Test
    void aNaNGaugeOrAnAbsentMeterHasNoValue() {
        MetricsScrape m = MetricsScrape.parse(TEXT);

        assertThat(m.sum("gridcast_sessions")).isEmpty();
        assertThat(m.sum("gridcast_no_such_meter")).isEmpty();
        assertThat(m.sum("jvm_memory_used_bytes", Map.of("area", "offheap"))).isEmpty();
        // a prefix of a name is another name
        assertThat(m.sum("jvm_memory_used")).isEmpty();
    }

    @Test
    void keepsEverySampleWithItsLabelsUnescaped() {
        MetricsScrape m = MetricsScrape.parse(TEXT);

        assertThat(m.samples()).hasSize(14);
        assertThat(m.samples()).contains(
                new MetricsScrape.Sample("jvm_memory_used_bytes",
                        Map.of("area", "nonheap", "id", "CodeHeap 'non-nmethods'"), 1_316_736),
                new MetricsScrape.Sample("jvm_buffer_memory_used_bytes",
                        Map.of("id", "mapped - 'non-volatile memory'"), 0),
                new MetricsScrape.Sample("gridcast_fanout_duration_seconds_bucket",
                        Map.of("le", "+Inf"), 15),
                new MetricsScrape.Sample("gridcast_fanout_duration_seconds_max",
                        Map.of(), Double.NEGATIVE_INFINITY),
                new MetricsScrape.Sample("gridcast_odd_total",
                        Map.of("path", "/a\"b\\c,d} e\n", "kind", "x"), 7));
        assertThat(m.samples().get(1).value()).isNaN();
    }

    @Test
    void aLineThatIsNotASampleFailsTheParseNamingTheLine() {
        assertThatThrownBy(() -> MetricsScrape.parse("# TYPE a gauge\na 1\nb{x=\"1\" 2\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3");
        assertThatThrownBy(() -> MetricsScrape.parse("a one\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> MetricsScrape.parse("a 1 2 3\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricsScrape.parse("a{x=\"unterminated} 1\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyScrapeHasNoSamples() {
        assertThat(MetricsScrape.parse("").samples()).isEmpty();
        assertThat(MetricsScrape.parse("# no Prometheus registry\n").sum("gridcast_connections")).isEmpty();
    }

    @Test
    void nodesTogetherAddUpAndAMeterOnlyOneHasIsStillItsValue() {
        MetricsScrape a = MetricsScrape.parse("gridcast_connections 400\nprocess_cpu_time_ns_total 2.5E9\n");
        MetricsScrape b = MetricsScrape.parse("gridcast_connections 407\nprocess_cpu_time_ns_total 1.5E9\nonly_b 3\n");

        MetricsScrape both = MetricsScrape.together(List.of(a, b));

        assertThat(both.sum("gridcast_connections")).hasValue(807);
        assertThat(both.sum("process_cpu_time_ns_total")).hasValue(4.0E9);
        assertThat(both.sum("only_b")).hasValue(3);
        assertThat(MetricsScrape.together(List.of()).samples()).isEmpty();
    }
}
