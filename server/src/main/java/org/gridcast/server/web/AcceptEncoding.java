package org.gridcast.server.web;

import java.util.Locale;

/**
 * Whether a request's {@code Accept-Encoding} lets us send gzip: {@code gzip} (or {@code *})
 * listed with a q-value above zero, and not refused by {@code gzip;q=0}.
 */
final class AcceptEncoding {
    /** Longer headers are not a browser's; they get identity. */
    static final int MAX_CHARS = 1024;

    private AcceptEncoding() {
    }

    static boolean allowsGzip(String header) {
        if (header == null || header.length() > MAX_CHARS) {
            return false;
        }
        Boolean gzip = null;
        boolean star = false;
        for (String item : header.split(",")) {
            String[] parts = item.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean accepted = quality(parts) > 0;
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = accepted;
            } else if (coding.equals("*")) {
                star = accepted;
            }
        }
        return gzip != null ? gzip : star;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    return Double.parseDouble(p.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
