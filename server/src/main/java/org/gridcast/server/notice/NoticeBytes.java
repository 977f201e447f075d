package org.gridcast.server.notice;

import java.nio.charset.StandardCharsets;

/** Script arguments and replies: strings and numbers as the UTF-8 bytes Redis holds. */
final class NoticeBytes {
    private NoticeBytes() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(long n) {
        return bytes(Long.toString(n));
    }

    static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static long number(byte[] b) {
        return b == null ? 0 : Long.parseLong(string(b));
    }
}
