package org.gridcast.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;

/**
 * JVM memory, GC and thread meters, process CPU, and the Netty pooled allocator's memory, all
 * under the {@code gridcast.} prefix so one scrape rule selects everything the server exports.
 */
public final class RuntimeMetrics implements MeterBinder, AutoCloseable {
    public static final String NETTY_DIRECT = "gridcast.netty.allocator.used.direct";
    public static final String NETTY_HEAP = "gridcast.netty.allocator.used.heap";
    public static final String NETTY_ARENAS = "gridcast.netty.allocator.arenas";

    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * Renames every meter not already named {@code gridcast.*} (JVM binders, Lettuce's command
     * latency) to {@code gridcast.<name>}. Must be configured before any meter is registered.
     */
    public static MeterFilter prefixFilter() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith(GridcastMetrics.PREFIX) ? id : id.withName(GridcastMetrics.PREFIX + id.getName());
            }
        };
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
        // process.cpu.time is a counter, so two scrapes give the CPU spent between them
        new ProcessorMetrics().bindTo(registry);
        PooledByteBufAllocatorMetric netty = PooledByteBufAllocator.DEFAULT.metric();
        Gauge.builder(NETTY_DIRECT, netty, PooledByteBufAllocatorMetric::usedDirectMemory)
                .baseUnit("bytes").register(registry);
        Gauge.builder(NETTY_HEAP, netty, PooledByteBufAllocatorMetric::usedHeapMemory)
                .baseUnit("bytes").register(registry);
        Gauge.builder(NETTY_ARENAS, netty, m -> m.numDirectArenas() + m.numHeapArenas()).register(registry);
    }

    @Override
    public void close() {
        gc.close();
    }
}
