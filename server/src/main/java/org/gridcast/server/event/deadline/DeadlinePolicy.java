package org.gridcast.server.event.deadline;

import java.time.Duration;
import java.util.Map;

/**
 * Acceptance and resolution time limits per category, immutable. A category is looked up as
 * "LEVEL1/LEVEL2", then "LEVEL1", then the default. Urgent events get a fraction of the limit.
 * The yellow flag goes up when {@link #yellowFraction()} of a limit has elapsed, the red one at
 * the limit.
 */
public record DeadlinePolicy(Limits defaultLimits, Map<String, Limits> byCategory, double urgentFactor, double yellowFraction) {
    /** 12345-style defaults: accept within 2 h, resolve within 3 days. */
    public static final Limits DEFAULT_LIMITS = new Limits(Duration.ofHours(2), Duration.ofDays(3));
    /** An urgent event must be handled four times as fast. */
    public static final double DEFAULT_URGENT_FACTOR = 0.25;
    /** Warn (yellow) when 80% of the time is used, so there is time left to act. */
    public static final double DEFAULT_YELLOW_FRACTION = 0.8;

    public record Limits(Duration accept, Duration resolve) {
    }

    public DeadlinePolicy {
        byCategory = Map.copyOf(byCategory);
        if (urgentFactor <= 0 || urgentFactor > 1 || yellowFraction <= 0 || yellowFraction >= 1) {
            throw new IllegalArgumentException("urgentFactor in (0,1], yellowFraction in (0,1)");
        }
    }

    public static DeadlinePolicy standard() {
        return new DeadlinePolicy(DEFAULT_LIMITS, Map.of(
                "矛盾纠纷", new Limits(Duration.ofHours(1), Duration.ofDays(7)),
                "安全隐患", new Limits(Duration.ofMinutes(30), Duration.ofDays(1)),
                "市政设施", new Limits(Duration.ofHours(4), Duration.ofDays(5)),
                "民生服务", new Limits(Duration.ofHours(2), Duration.ofDays(2))),
                DEFAULT_URGENT_FACTOR, DEFAULT_YELLOW_FRACTION);
    }

    public Limits limits(String category) {
        Limits l = byCategory.get(category);
        if (l == null) {
            int slash = category.indexOf('/');
            l = byCategory.get(slash < 0 ? category : category.substring(0, slash));
        }
        return l == null ? defaultLimits : l;
    }

    public long acceptMillis(String category, boolean urgent) {
        return scale(limits(category).accept(), urgent);
    }

    public long resolveMillis(String category, boolean urgent) {
        return scale(limits(category).resolve(), urgent);
    }

    /** When the yellow flag of a limit that runs from {@code startMs} to {@code dueMs} goes up. */
    public long yellowAt(long startMs, long dueMs) {
        return startMs + (long) ((dueMs - startMs) * yellowFraction);
    }

    private long scale(Duration d, boolean urgent) {
        return urgent ? (long) (d.toMillis() * urgentFactor) : d.toMillis();
    }
}
