package org.gridcast.server.text;

/**
 * The one way the server measures text a user typed: in Unicode code points. Limits are
 * documented as "characters", and people count a Chinese character or an emoji as one; Java's
 * {@code String.length()} counts UTF-16 units, so an emoji (a surrogate pair) would count twice
 * and a limit checked that way refuses text a user sees as within it. Every length limit on
 * user text goes through here so the server never mixes the two measures.
 */
public final class TextLength {
    private TextLength() {
    }

    /** Characters (code points) of {@code text}; 0 for null. */
    public static int of(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }

    /** True when {@code text} has at most {@code max} characters. */
    public static boolean within(String text, int max) {
        // cheap exits first: UTF-16 units >= code points, and <= 2 x code points
        if (text == null || text.length() <= max) {
            return true;
        }
        if (text.length() > 2L * max) {
            return false;
        }
        return of(text) <= max;
    }

    /** The first {@code max} characters of {@code text}, never splitting a surrogate pair. */
    public static String truncate(String text, int max) {
        return within(text, max) ? text : text.substring(0, text.offsetByCodePoints(0, max));
    }
}
