package org.gridcast.server.net;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.gridcast.protocol.Envelope.BodyCase;

/**
 * Turns a stream of like failures into at most one log line per interval. When Redis is
 * overloaded or gone every request fails the same way; a line per request cost thousands of lines
 * a node (and the CPU to write them) exactly when it had none to spare. The first failure is
 * reported at once; later ones are counted, per request kind, and reported with the first failure
 * after the interval has passed. Kinds are the fixed {@link BodyCase} values, so nothing a client
 * sent reaches the log.
 */
public final class FailureSummary {
    /** One line per this at most, per summary (storage failures, timeouts). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final String what;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<BodyCase, Integer> counts = new EnumMap<>(BodyCase.class);
    private long lastLineNanos;
    private boolean reported;

    /**
     * @param what what failed, the start of every line (e.g. "storage unavailable")
     * @param nanoTime a monotonic clock ({@code System::nanoTime}); tests pass their own
     */
    public FailureSummary(String what, Duration interval, LongSupplier nanoTime) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.what = what;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    public FailureSummary(String what) {
        this(what, DEFAULT_INTERVAL, System::nanoTime);
    }

    /**
     * Counts one failed request of {@code kind}; returns the line to log now, if one is due.
     * @param cause the failure as the server describes it (an exception's class and message)
     */
    public synchronized Optional<String> record(BodyCase kind, String cause) {
        counts.merge(kind, 1, Integer::sum);
        long now = nanoTime.getAsLong();
        if (reported && now - lastLineNanos < intervalNanos) {
            return Optional.empty();
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        String line = what + ": " + total + (total == 1 ? " request" : " requests") + " failed "
                + (reported ? "in the last " + (now - lastLineNanos) / 1_000_000_000L + " s " : "") + counts
                + "; latest: " + cause;
        counts.clear();
        lastLineNanos = now;
        reported = true;
        return Optional.of(line);
    }
}
