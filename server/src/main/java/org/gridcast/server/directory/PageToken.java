package org.gridcast.server.directory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.gridcast.server.GridcastException;

/**
 * Where a directory listing stopped: after a unit's own entry, or after one of its members.
 * Encoded by id rather than by offset so a page boundary does not shift when members are added
 * to earlier units meanwhile. Opaque to clients (base64url).
 */
record PageToken(String unit, String afterMember) {
    private static final String SEP = "\t";

    static PageToken afterUnit(String unit) {
        return new PageToken(unit, "");
    }

    String encode() {
        String raw = afterMember.isEmpty() ? "u" + SEP + unit : "m" + SEP + unit + SEP + afterMember;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Null for an empty token (start at the beginning). */
    static PageToken decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(SEP, -1);
            if (parts.length == 2 && parts[0].equals("u") && !parts[1].isEmpty()) {
                return afterUnit(parts[1]);
            }
            if (parts.length == 3 && parts[0].equals("m") && !parts[1].isEmpty() && !parts[2].isEmpty()) {
                return new PageToken(parts[1], parts[2]);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw GridcastException.badRequest("malformed page token");
    }
}
