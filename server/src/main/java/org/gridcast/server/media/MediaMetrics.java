package org.gridcast.server.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Photo uploads and downloads: counts by result and bytes. The only label is the result, one of
 * a fixed set of words this package writes ({@link MediaReply} codes, "created", "duplicate",
 * "ok"); nothing a client sends becomes a label.
 */
public final class MediaMetrics {
    public static final String UPLOADS = "gridcast.media.uploads";
    public static final String UPLOAD_BYTES = "gridcast.media.upload.bytes";
    public static final String DOWNLOADS = "gridcast.media.downloads";
    public static final String DOWNLOAD_BYTES = "gridcast.media.download.bytes";
    public static final String DISK_USED = "gridcast.media.disk.used.bytes";
    public static final String ACTIVE = "gridcast.media.uploads.active";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> uploads = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> downloads = new ConcurrentHashMap<>();
    private final Counter uploadBytes;
    private final Counter downloadBytes;

    public MediaMetrics(MeterRegistry registry, Supplier<Number> diskUsed, Supplier<Number> active) {
        this.registry = registry;
        this.uploadBytes = Counter.builder(UPLOAD_BYTES).baseUnit("bytes")
                .description("bytes of photos received and stored (duplicates included)").register(registry);
        this.downloadBytes = Counter.builder(DOWNLOAD_BYTES).baseUnit("bytes")
                .description("bytes of photos sent").register(registry);
        Gauge.builder(DISK_USED, diskUsed).baseUnit("bytes")
                .description("photo bytes on this node's disk plus uploads in progress").register(registry);
        Gauge.builder(ACTIVE, active).description("uploads streaming now").register(registry);
    }

    void upload(String result, long bytes) {
        count(uploads, UPLOADS, result).increment();
        if (bytes > 0) {
            uploadBytes.increment(bytes);
        }
    }

    void download(String result, long bytes) {
        count(downloads, DOWNLOADS, result).increment();
        if (bytes > 0) {
            downloadBytes.increment(bytes);
        }
    }

    private Counter count(ConcurrentMap<String, Counter> counters, String name, String result) {
        String r = result.toLowerCase(Locale.ROOT);
        return counters.computeIfAbsent(r, k -> Counter.builder(name).tag("result", k).register(registry));
    }
}
