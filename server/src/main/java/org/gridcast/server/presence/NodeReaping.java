package org.gridcast.server.presence;

import java.time.Duration;

/**
 * When the routes and presence of a node that stopped for good are removed ({@link NodeReaper}).
 *
 * @param grace how long after its lease expired a node id still keeps its routes and presence:
 *     longer than a restart under the same id takes (that run takes them back itself, see
 *     {@code Routes.leaveAll}); until then every notice to its units costs a publish nobody hears
 * @param sweepEvery how often each live node looks for such ids; a sweep that finds none is one
 *     script call on the registry's slot
 */
public record NodeReaping(Duration grace, Duration sweepEvery) {
    /** Ten minutes: a restart, a rolling deploy or a host reboot under the same node id fits in it. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    public static final Duration MAX_SWEEP_EVERY = Duration.ofSeconds(30);
    private static final Duration MIN_SWEEP_EVERY = Duration.ofSeconds(1);
    public static final NodeReaping DEFAULTS = afterGrace(DEFAULT_GRACE);

    public NodeReaping {
        if (grace.isNegative() || grace.isZero() || sweepEvery.isNegative() || sweepEvery.isZero()) {
            throw new IllegalArgumentException("reap grace and sweep period must be positive");
        }
    }

    /** The grace, and a sweep a quarter of it (between 1 s and 30 s), so a dead id goes soon after. */
    public static NodeReaping afterGrace(Duration grace) {
        Duration quarter = grace.dividedBy(4);
        Duration sweep = quarter.compareTo(MIN_SWEEP_EVERY) < 0 ? MIN_SWEEP_EVERY
                : quarter.compareTo(MAX_SWEEP_EVERY) > 0 ? MAX_SWEEP_EVERY : quarter;
        return new NodeReaping(grace, sweep);
    }
}
