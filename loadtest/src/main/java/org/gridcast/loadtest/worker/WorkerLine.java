package org.gridcast.loadtest.worker;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The words coordinator and workers exchange, one line each: commands on the worker's stdin,
 * answers and progress on its stdout (its log goes to stderr). Plain text, so a stuck run can be
 * read with {@code ps} and a pipe, and numbers only: a worker trusts nothing else on stdin.
 *
 * <pre>
 * worker → coordinator                  coordinator → worker
 * STARTED                               CONNECT
 * CONNECTED failed retries              CUT
 * CUT                                   RESET
 * RESET                                 FINISH published accepted   (comma lists, one number per topic)
 * P fresh repeats lastDeliveryNanos     (every {@link #PROGRESS_MILLIS} ms)
 * RESULT delivered duplicates unexpected badgeMismatches retries fetched latencyHistogram arrivals
 *        (arrivals: key:deliveries:latestNanos per notice, comma separated, or "-")
 * </pre>
 */
final class WorkerLine {
    static final String STARTED = "STARTED", CONNECT = "CONNECT", CONNECTED = "CONNECTED", CUT = "CUT",
            RESET = "RESET", FINISH = "FINISH", PROGRESS = "P", RESULT = "RESULT";
    /** How often a worker reports its running totals: the coordinator's drain polls every 20 ms. */
    static final long PROGRESS_MILLIS = 100;

    private WorkerLine() {
    }

    static String longs(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    static long[] longs(String csv, int expectedLength) {
        String[] parts = csv.split(",", -1);
        if (parts.length != expectedLength) {
            throw new IllegalArgumentException("expected " + expectedLength + " numbers, got " + parts.length);
        }
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }
}
