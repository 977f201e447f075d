package org.gridcast.server.presence;

import java.time.Duration;

/**
 * Lease and refresh periods.
 *
 * @param leaseTtl how long a node counts as alive after its last refresh: the bound on how long
 *     a crashed node's members still look online
 * @param refresh how often the lease and the per-unit online counts are written; a third of the
 *     TTL so two missed refreshes (a GC pause, a Redis hiccup) do not expire a live node
 */
public record PresenceTimings(Duration leaseTtl, Duration refresh) {
    public static final PresenceTimings DEFAULTS = new PresenceTimings(Duration.ofSeconds(15), Duration.ofSeconds(5));

    public PresenceTimings {
        if (refresh.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("refresh must be shorter than the lease");
        }
    }
}
