package org.gridcast.server.media;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridcast.server.auth.BearerAuth;

/**
 * Everything the {@code /media} handlers of one node share: who is asking, where photos are,
 * what Redis knows of them, who may see which event, the limits, and the node's count of
 * uploads in progress.
 */
public final class Media {
    final BearerAuth auth;
    final MediaLedger ledger;
    final MediaFiles files;
    final EventViewers viewers;
    final MediaLimits limits;
    final MediaMetrics metrics;
    final Clock clock;
    private final AtomicInteger active = new AtomicInteger();

    public Media(BearerAuth auth, MediaLedger ledger, MediaFiles files, EventViewers viewers, MediaLimits limits,
            MeterRegistry registry, Clock clock) {
        this.auth = auth;
        this.ledger = ledger;
        this.files = files;
        this.viewers = viewers;
        this.limits = limits;
        this.clock = clock;
        this.metrics = new MediaMetrics(registry, files::used, active::get);
    }

    /** Takes one of the node's upload slots; false when {@link MediaLimits#concurrent()} are in use. */
    boolean takeSlot() {
        while (true) {
            int now = active.get();
            if (now >= limits.concurrent()) {
                return false;
            }
            if (active.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void releaseSlot() {
        active.decrementAndGet();
    }
}
