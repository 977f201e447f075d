package org.gridcast.client.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The options given to one command, with typed accessors that fail with BAD_ARGS. */
public final class Args {

    private final Map<String, String> values;

    Args(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value, or {@code fallback} when absent. */
    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public String require(String name) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw CliException.badArgs("missing " + name);
        }
        return v;
    }

    public long requireLong(String name) {
        return parseLong(name, require(name));
    }

    public long getLong(String name, long fallback) {
        return has(name) ? parseLong(name, values.get(name)) : fallback;
    }

    /** A comma-separated list, blanks dropped. */
    public List<String> list(String name) {
        if (!has(name)) {
            return List.of();
        }
        return Arrays.stream(values.get(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static long parseLong(String name, String value) {
        try {
            long v = Long.parseLong(value);
            if (v < 0) {
                throw CliException.badArgs(name + " must not be negative: " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw CliException.badArgs(name + " is not a number: " + value);
        }
    }
}
