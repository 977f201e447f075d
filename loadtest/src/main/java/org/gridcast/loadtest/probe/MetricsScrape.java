package org.gridcast.loadtest.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One scrape of a server's {@code /metrics}: the Prometheus text exposition format (0.0.4)
 * parsed into samples. Comments ({@code # HELP}, {@code # TYPE}) and blank lines are skipped; a
 * line that is neither a comment nor a well-formed sample fails the parse, since a figure read
 * from a half-understood scrape would be a guess.
 */
public final class MetricsScrape {

    /** One line of the exposition: a series and its value (NaN and ±Inf kept as such). */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private MetricsScrape(List<Sample> samples) {
        this.samples = samples;
    }

    public static MetricsScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                samples.add(new LineReader(line).sample());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("metrics line " + (i + 1) + " is not a sample: " + line, e);
            }
        }
        return new MetricsScrape(List.copyOf(samples));
    }

    /**
     * Several nodes' scrapes as one: every sample of each, so {@link #sum} adds a meter up over
     * the nodes (CPU seconds, heap, connections of a cluster).
     */
    public static MetricsScrape together(List<MetricsScrape> scrapes) {
        List<Sample> all = new ArrayList<>();
        for (MetricsScrape s : scrapes) {
            all.addAll(s.samples);
        }
        return new MetricsScrape(List.copyOf(all));
    }

    public List<Sample> samples() {
        return samples;
    }

    public OptionalDouble sum(String name) {
        return sum(name, Map.of());
    }

    /**
     * The sum of every series of {@code name} whose labels include all of {@code match}. A NaN
     * sample (a gauge whose source is gone) has no value and is left out; empty when no series
     * with a value matched, so an absent meter is never read as zero.
     */
    public OptionalDouble sum(String name, Map<String, String> match) {
        double total = 0;
        boolean found = false;
        for (Sample s : samples) {
            if (s.name().equals(name) && !Double.isNaN(s.value())
                    && s.labels().entrySet().containsAll(match.entrySet())) {
                total += s.value();
                found = true;
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    /** Reads {@code name{label="value",...} value [timestamp]} left to right. */
    private static final class LineReader {
        private final String line;
        private int at;

        LineReader(String line) {
            this.line = line;
        }

        Sample sample() {
            String name = until("{ \t");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("no metric name");
            }
            Map<String, String> labels = peek() == '{' ? labels() : Map.of();
            skipBlanks();
            double value = number(until(" \t"));
            skipBlanks();
            if (at < line.length()) {
                Long.parseLong(until(" \t")); // the optional timestamp; anything else is malformed
                skipBlanks();
            }
            if (at < line.length()) {
                throw new IllegalArgumentException("trailing text at column " + at);
            }
            return new Sample(name, labels, value);
        }

        private Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            at++; // '{'
            while (true) {
                skipBlanks();
                if (peek() == '}') {
                    at++;
                    return Collections.unmodifiableMap(labels);
                }
                String label = until("=").strip();
                at++; // '='
                skipBlanks();
                expect('"');
                labels.put(label, quoted());
                skipBlanks();
                if (peek() == ',') {
                    at++;
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected , or } at column " + at);
                }
            }
        }

        /** A label value up to its closing quote; {@code \\}, {@code \"} and {@code \n} are escapes. */
        private String quoted() {
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = next();
                    sb.append(e == 'n' ? '\n' : e);
                } else {
                    sb.append(c);
                }
            }
        }

        private static double number(String token) {
            return switch (token) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(token);
            };
        }

        private String until(String stops) {
            int start = at;
            while (at < line.length() && stops.indexOf(line.charAt(at)) < 0) {
                at++;
            }
            return line.substring(start, at);
        }

        private void skipBlanks() {
            while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
                at++;
            }
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c + " at column " + (at - 1));
            }
        }

        private char peek() {
            if (at >= line.length()) {
                throw new IllegalArgumentException("line ends early");
            }
            return line.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }
    }
}
