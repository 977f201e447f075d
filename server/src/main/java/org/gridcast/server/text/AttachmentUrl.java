package org.gridcast.server.text;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which links a notice or an event may carry as attachments (photos, documents). Phones open
 * them, so a {@code javascript:}, {@code data:} or {@code file:} link would run or read
 * something on the reader's device: only absolute {@code https:} and {@code http:} URLs with a
 * host pass. Plain http stays allowed because town intranets still serve photos over it. The
 * server's own uploads ({@code /media/<sha256>}) are told apart before this check, by
 * {@code media.MediaId}, and are checked against who uploaded them instead; no other relative
 * path is allowed.
 */
public final class AttachmentUrl {
    private AttachmentUrl() {
    }

    /** True when {@code url} is an absolute http(s) URL with a host and no control characters. */
    public static boolean isAllowed(String url) {
        if (url == null || url.isEmpty()) {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            if (Character.isISOControl(url.charAt(i))) {
                return false;
            }
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
            return http && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
