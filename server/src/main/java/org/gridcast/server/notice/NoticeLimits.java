package org.gridcast.server.notice;

import java.time.Duration;

/**
 * Limits on notices and on the requests that read them. Each one bounds the work or memory a
 * single request can cause, on the server, in Redis and on every phone that receives the notice.
 * String lengths count Unicode code points, so a Chinese character counts as one.
 */
public final class NoticeLimits {
    /** A title is one line on a phone's list screen; longer titles are a text in disguise. */
    /** Channel ids are a prefix and a unit, member or conversation id: short by construction. */
    public static final int MAX_CHANNEL_CHARS = 128;

    /** How often one notice's unread members may be reminded: a reminder is a push to phones. */
    public static final Duration REMIND_COOLDOWN = Duration.ofMinutes(10);

    public static final int MAX_TITLE_CHARS = 200;

    /**
     * About four printed pages of Chinese: enough for any 通知, while one notice stays a few KB
     * in Redis and in each push frame (a notice is stored once but written to every session).
     */
    public static final int MAX_TEXT_CHARS = 4_000;

    /** Categories are short labels used for filtering, not free text. */
    public static final int MAX_CATEGORY_CHARS = 64;

    /** Nine pictures fit the usual 3×3 phone grid; more belongs in a linked document. */
    public static final int MAX_ATTACHMENTS = 9;

    /** Attachments are links, not content; a longer URL is almost certainly data smuggled in. */
    public static final int MAX_ATTACHMENT_CHARS = 1_024;

    /**
     * Recipients of one point-to-point post. The post script writes one inbox entry per
     * recipient inside one atomic Lua call, so this bounds how long Redis is blocked; larger
     * audiences are reached through a unit channel, which costs O(1) whatever its size.
     */
    public static final int MAX_RECIPIENTS = 1_000;

    /** A client's retry id (a UUID is 36 chars); it is part of a Redis key. */
    public static final int MAX_CLIENT_MSG_ID_CHARS = 64;

    /** Entries per Fetch page: bounds one reply frame (200 × a few KB) and one HMGET. */
    public static final int MAX_FETCH_LIMIT = 200;

    /** Entries per Fetch page when the client asks for none. */
    public static final int DEFAULT_FETCH_LIMIT = 100;

    /** Member ids per receipts page: bounds one reply frame. */
    public static final int MAX_RECEIPTS_LIMIT = 1_000;

    /** Member ids per receipts page when the client asks for none. */
    public static final int DEFAULT_RECEIPTS_LIMIT = 200;

    /**
     * Members per Redis command when reading receipts or sending reminders (HMGET fields,
     * SMISMEMBER members, scripts in flight), so no single command blocks Redis for long.
     */
    public static final int REDIS_CHUNK = 1_000;

    /**
     * How long a client_msg_id is remembered. A phone may retry a post after days offline in
     * a village with poor coverage; a week covers that and lets the keys expire on their own.
     */
    public static final Duration DEDUPE_TTL = Duration.ofDays(7);

    private NoticeLimits() {
    }
}
