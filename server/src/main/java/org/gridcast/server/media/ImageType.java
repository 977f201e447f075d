package org.gridcast.server.media;

import java.util.Optional;

/**
 * The image formats a photo may be, told by its first bytes, never by the name or the
 * Content-Type a client claims: a file served back as {@code image/png} must be a PNG, or a
 * browser could be handed HTML or SVG with script under our origin.
 */
public enum ImageType {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp");

    /** Bytes needed to tell the three apart (WebP: "RIFF" size "WEBP"). */
    public static final int SNIFF_BYTES = 12;

    private final String mediaType;

    ImageType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The type whose signature {@code head} (at least {@link #SNIFF_BYTES} bytes) starts with. */
    public static Optional<ImageType> sniff(byte[] head) {
        if (head.length < SNIFF_BYTES) {
            return Optional.empty();
        }
        if (u(head[0]) == 0xFF && u(head[1]) == 0xD8 && u(head[2]) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (u(head[0]) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[4] == '\r' && head[5] == '\n' && u(head[6]) == 0x1A && head[7] == '\n') {
            return Optional.of(PNG);
        }
        if (head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /** The type a Content-Type header names (parameters ignored), if it is one of ours. */
    public static Optional<ImageType> ofMediaType(String header) {
        if (header == null) {
            return Optional.empty();
        }
        int semi = header.indexOf(';');
        String t = (semi < 0 ? header : header.substring(0, semi)).trim();
        for (ImageType type : values()) {
            if (type.mediaType.equalsIgnoreCase(t)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private static int u(byte b) {
        return b & 0xFF;
    }
}
