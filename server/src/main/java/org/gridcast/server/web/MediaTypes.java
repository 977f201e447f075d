package org.gridcast.server.web;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Content types of the app's files by extension. A file with an extension not listed here is not
 * served at all: {@code X-Content-Type-Options: nosniff} makes browsers trust our type, so a
 * wrong or missing one would break the file rather than guess.
 */
final class MediaTypes {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"));
    /** Worth compressing; the images are compressed already. */
    private static final Set<String> TEXT = Set.of("html", "js", "mjs", "css", "json", "webmanifest", "svg", "txt");

    private MediaTypes() {
    }

    static Optional<String> of(String path) {
        return Optional.ofNullable(BY_EXTENSION.get(extension(path)));
    }

    static boolean isText(String path) {
        return TEXT.contains(extension(path));
    }

    private static String extension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
