package org.gridcast.loadtest.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls per command from Redis {@code INFO commandstats}, and the difference of two readings.
 * Subcommands keep Redis's own names ({@code config|get}). Only {@code calls} is read:
 * {@code rejected_calls} never ran, and {@code failed_calls} are already among the calls.
 */
public final class RedisCommandStats {
    private static final String PREFIX = "cmdstat_";
    private static final String CALLS = "calls=";

    /** Command name to calls, in the order Redis listed them. */
    private final Map<String, Long> calls;

    private RedisCommandStats(Map<String, Long> calls) {
        this.calls = Collections.unmodifiableMap(calls);
    }

    /** Parses the reply of {@code INFO commandstats} (or of a full {@code INFO}; other lines are ignored). */
    public static RedisCommandStats parse(String info) {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String raw : info.split("\r?\n")) {
            String line = raw.strip();
            int colon = line.indexOf(':');
            if (!line.startsWith(PREFIX) || colon < 0) {
                continue;
            }
            String command = line.substring(PREFIX.length(), colon);
            calls.put(command, callsField(line.substring(colon + 1), line));
        }
        return new RedisCommandStats(calls);
    }

    private static long callsField(String fields, String line) {
        for (String field : fields.split(",")) {
            if (field.startsWith(CALLS)) {
                return Long.parseLong(field.substring(CALLS.length()));
            }
        }
        throw new IllegalArgumentException("no calls= in commandstats line: " + line);
    }

    /** Calls per command, in the order Redis listed them. */
    public Map<String, Long> calls() {
        return calls;
    }

    /** Calls of one command; 0 when Redis has not run it (it lists only commands that ran). */
    public long calls(String command) {
        return calls.getOrDefault(command, 0L);
    }

    public long total() {
        long sum = 0;
        for (long c : calls.values()) {
            sum += c;
        }
        return sum;
    }

    /**
     * What ran between {@code earlier} and this reading; commands that did not run are left out.
     * Fails when a count went down: the stats were reset in between, and no delta can be told.
     */
    public RedisCommandStats minus(RedisCommandStats earlier) {
        Map<String, Long> delta = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : calls.entrySet()) {
            long d = e.getValue() - earlier.calls(e.getKey());
            if (d < 0) {
                throw new IllegalStateException("commandstats went down for " + e.getKey() + ": reset between readings");
            }
            if (d > 0) {
                delta.put(e.getKey(), d);
            }
        }
        for (String gone : earlier.calls.keySet()) {
            if (!calls.containsKey(gone)) {
                throw new IllegalStateException("commandstats lost " + gone + ": reset between readings");
            }
        }
        return new RedisCommandStats(delta);
    }

    /** The same reading without {@code n} calls of {@code command} (the reader's own INFO calls). */
    public RedisCommandStats less(String command, long n) {
        Map<String, Long> copy = new LinkedHashMap<>(calls);
        long left = calls(command) - n;
        if (left < 0) {
            throw new IllegalArgumentException(command + " ran " + calls(command) + " times, fewer than " + n);
        }
        if (copy.containsKey(command)) {
            copy.put(command, left);
        }
        return new RedisCommandStats(copy);
    }

    /** The {@code n} commands with the most calls, most first; ties in name order. */
    public Map<String, Long> top(int n) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(calls.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> top = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : entries.subList(0, Math.min(n, entries.size()))) {
            top.put(e.getKey(), e.getValue());
        }
        return top;
    }
}
