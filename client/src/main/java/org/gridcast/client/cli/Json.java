package org.gridcast.client.cli;

import java.util.Collection;
import java.util.Map;

/**
 * Just enough JSON to print one object per line: strings escaped per RFC 8259 (quote, backslash,
 * control characters; non-ASCII such as Chinese stays as is and is written as UTF-8; a lone
 * surrogate, which UTF-8 cannot carry, becomes a \\u escape), numbers, booleans, nested objects
 * and string arrays. Keys keep their insertion order.
 */
public final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder sb = new StringBuilder("{");
    private boolean first = true;

    private Json() {
    }

    public static Json object() {
        return new Json();
    }

    /** The string as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    /** A JSON array of strings. */
    public static String array(Collection<String> values) {
        StringBuilder out = new StringBuilder("[");
        boolean firstValue = true;
        for (String v : values) {
            if (!firstValue) {
                out.append(',');
            }
            firstValue = false;
            out.append(quote(v));
        }
        return out.append(']').toString();
    }

    /** A JSON object of numbers, keys in the map's order. */
    public static String numbers(Map<String, Long> values) {
        Json o = object();
        values.forEach(o::put);
        return o.toString();
    }

    public Json put(String key, String value) {
        return raw(key, quote(value));
    }

    public Json put(String key, long value) {
        return raw(key, Long.toString(value));
    }

    public Json put(String key, boolean value) {
        return raw(key, Boolean.toString(value));
    }

    /** A value that is already JSON (an array or object built here). */
    public Json raw(String key, String json) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        sb.append(quote(key)).append(':').append(json);
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
