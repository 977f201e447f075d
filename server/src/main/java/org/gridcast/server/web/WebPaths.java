package org.gridcast.server.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a request target into the path of an asset, refusing what no asset path looks like.
 * Assets are looked up in memory, so a traversal could never reach a file; it is still refused
 * outright (404) rather than resolved, so {@code /js/../index.html} does not become a second
 * name for a file, and bytes that have no place in a path ({@code %00}, a control character,
 * a backslash, bad percent-encoding or UTF-8) are a 400.
 */
final class WebPaths {
    /** Longer targets are not ours; the codec's request-line limit is larger. */
    static final int MAX_PATH_CHARS = 512;

    /** Either a path ({@code /index.html} for {@code /}) or a status to answer with. */
    record Resolved(String path, int status) {
        static Resolved ok(String path) {
            return new Resolved(path, 200);
        }

        static Resolved fail(int status) {
            return new Resolved(null, status);
        }

        boolean found() {
            return path != null;
        }
    }

    private WebPaths() {
    }

    static Resolved resolve(String target) {
        if (target == null || !target.startsWith("/")) {
            return Resolved.fail(400); // absolute-form or asterisk-form: not for files
        }
        int end = target.length();
        int q = target.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int h = target.indexOf('#');
        if (h >= 0 && h < end) {
            end = h;
        }
        String raw = target.substring(0, end);
        if (raw.length() > MAX_PATH_CHARS) {
            return Resolved.fail(404);
        }
        String path = decode(raw);
        if (path == null) {
            return Resolved.fail(400);
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return Resolved.fail(400);
            }
        }
        if (path.equals("/")) {
            return Resolved.ok("/index.html");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Resolved.fail(404);
            }
        }
        return Resolved.ok(path);
    }

    /** Strict percent-decoding to UTF-8; null when malformed. A '+' stays a '+' in a path. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null; // the codec hands us bytes as ISO-8859-1: raw non-ASCII is not a valid target
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
