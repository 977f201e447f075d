package org.gridcast.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * JVM memory, GC and thread meters, process CPU, and the Netty pooled allocator's memory, under
 * the names Micrometer's binders give them ({@code jvm_memory_used_bytes},
 * {@code process_cpu_time_ns_total}, {@code netty_allocator_memory_used_bytes}): standard JVM and
 * Netty dashboards read them as they are. Only the server's own meters carry {@code gridcast_}.
 */
public final class RuntimeMetrics implements MeterBinder, AutoCloseable {
    /** Netty's pooled allocator memory in use, tag {@code memory.type} = heap or direct. */
    public static final String NETTY_MEMORY_USED = "netty.allocator.memory.used";
    /** Arenas of the pooled allocator, tag {@code memory.type}. */
    public static final String NETTY_ARENAS = "netty.allocator.pooled.arenas";

    private final JvmGcMetrics gc = new JvmGcMetrics();

    @Override
    public void bindTo(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
        // process.cpu.time is a counter, so two scrapes give the CPU spent between them
        new ProcessorMetrics().bindTo(registry);
        new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
    }

    @Override
    public void close() {
        gc.close();
    }
}
