package org.gridcast.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridcast.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

class GridcastMetricsTest {
    @Test
    void countsByTagAndRecordsTimers() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GridcastMetrics m = new GridcastMetrics(registry);

        m.login("ok");
        m.login("ok");
        m.login("unauthenticated");
        m.error(ErrorCode.RATE_LIMITED);
        m.delivered(5);
        m.noticesPosted().increment();
        m.connections().incrementAndGet();
        m.sessionsGauge(() -> 7);
        m.deliveryLatency().record(12, TimeUnit.MILLISECONDS);

        assertThat(registry.get(GridcastMetrics.LOGINS).tag("result", "ok").counter().count()).isEqualTo(2.0);
        assertThat(registry.get(GridcastMetrics.LOGINS).tag("result", "unauthenticated").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(GridcastMetrics.ERRORS).tag("code", "RATE_LIMITED").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(GridcastMetrics.ERRORS).tag("code", "INTERNAL").counter().count()).isZero();
        assertThat(registry.get(GridcastMetrics.DELIVERIES).counter().count()).isEqualTo(5.0);
        assertThat(registry.get(GridcastMetrics.NOTICES_POSTED).counter().count()).isEqualTo(1.0);
        assertThat(registry.get(GridcastMetrics.CONNECTIONS).gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(GridcastMetrics.SESSIONS).gauge().value()).isEqualTo(7.0);
        assertThat(registry.get(GridcastMetrics.DELIVERY_LATENCY).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(12.0);
    }

    @Test
    void sessionsGaugeOutlivesGarbageCollection() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GridcastMetrics m = new GridcastMetrics(registry);
        m.sessionsGauge(new AtomicInteger(7)::get); // held by nobody but the gauge, like the server's
        WeakReference<Object> canary = new WeakReference<>(new Object());
        for (int i = 0; i < 50 && canary.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(canary.get()).as("a GC ran").isNull();
        assertThat(registry.get(GridcastMetrics.SESSIONS).gauge().value()).isEqualTo(7.0);
    }

    @Test
    void runtimeMetersKeepTheirStandardNames() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RuntimeMetrics runtime = new RuntimeMetrics()) {
            runtime.bindTo(registry);

            assertThat(registry.find("jvm.memory.used").gauges()).isNotEmpty();
            assertThat(registry.find("gridcast.jvm.memory.used").gauges()).isEmpty();
            assertThat(registry.get("process.cpu.time").functionCounter().count()).isPositive();
            assertThat(registry.get(RuntimeMetrics.NETTY_MEMORY_USED).tag("memory.type", "direct").gauge().value())
                    .isNotNegative();
            assertThat(registry.find(RuntimeMetrics.NETTY_ARENAS).gauges()).isNotEmpty();
        }
    }
}
