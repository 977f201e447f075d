package org.gridcast.server.media;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A photo's id: the lower-case hex SHA-256 of its bytes, and its URL {@code /media/<id>}. Only
 * strings of exactly this shape become file names or Redis keys.
 */
public final class MediaId {
    public static final String PREFIX = "/media/";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private MediaId() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String url(String id) {
        return PREFIX + id;
    }

    /** The id of an attachment URL {@code /media/<id>}; empty when the URL is not one of ours. */
    public static Optional<String> ofUrl(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String id = url.substring(PREFIX.length());
        return isValid(id) ? Optional.of(id) : Optional.empty();
    }

    /** True for any URL in our media space, well-formed or not. */
    public static boolean isMediaUrl(String url) {
        return url != null && url.startsWith(PREFIX);
    }
}
