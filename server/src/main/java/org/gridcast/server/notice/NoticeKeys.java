package org.gridcast.server.notice;

import java.nio.charset.StandardCharsets;

/**
 * Redis key names of docs/ARCHITECTURE.md. Every key of one channel carries the channel id as
 * hash tag (through {@link Channels#key}); routing and presence keys belong to other packages and
 * are only read here.
 */
final class NoticeKeys {
    /** Prefix of the presence hashes (device → node) the post scripts read. */
    static final String PRESENCE_PREFIX = "presence:";
    /** Field of {@code ch:{C}:log} that holds the highest seq. */
    static final String HEAD = "head";

    private NoticeKeys() {
    }

    static String log(String channel) {
        return Channels.key(channel, "log");
    }

    static String read(String channel) {
        return Channels.key(channel, "read");
    }

    static String start(String channel) {
        return Channels.key(channel, "start");
    }

    static String confirm(String channel, long seq) {
        return Channels.key(channel, "confirm:" + seq);
    }

    static String rcptPrefix(String channel) {
        return Channels.key(channel, "rcpt:");
    }

    static String rcpt(String channel, long seq) {
        return rcptPrefix(channel) + seq;
    }

    static String dedupe(String channel, String id) {
        return Channels.key(channel, "dedupe:" + id);
    }

    static String remind(String channel, long seq) {
        return Channels.key(channel, "remind:" + seq);
    }

    /** Members of a consultation, whose presence the append script publishes to. */
    static String parties(String channel) {
        return Channels.key(channel, "parties");
    }

    static String route(String unitId) {
        return "route:" + unitId;
    }

    static String presence(String member) {
        return PRESENCE_PREFIX + member;
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
