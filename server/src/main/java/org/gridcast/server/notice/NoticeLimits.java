package org.gridcast.server.notice;

import java.time.Duration;
import org.gridcast.server.net.Frames;

/**
 * Limits on notices and on the requests that read them. Each one bounds the work or memory a
 * single request can cause, on the server, in Redis and on every phone that receives the notice.
 * String lengths count Unicode code points, so a Chinese character counts as one.
 */
public final class NoticeLimits {
    /** Channel ids are a prefix and a unit, member or conversation id: short by construction. */
    public static final int MAX_CHANNEL_CHARS = 128;

    /** How often one notice's unread members may be reminded: a reminder is a push to phones. */
    public static final Duration REMIND_COOLDOWN = Duration.ofMinutes(10);

    /** A title is one line on a phone's list screen; longer titles are a text in disguise. */
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

    /** Entries per Fetch page: bounds the Redis work of one page. Bytes are bounded apart, below. */
    public static final int MAX_FETCH_LIMIT = 200;

    /**
     * Bytes of a Fetch reply other than its entries: the Envelope's version, request id and body
     * header, and FetchResult's channel (at most {@value #MAX_CHANNEL_CHARS} code points of up to
     * 4 UTF-8 bytes) and head: under 600 bytes, rounded up.
     */
    public static final int FETCH_REPLY_HEADROOM_BYTES = 1_024;

    /**
     * Bytes of entries in one Fetch page. A page of 200 ordinary notices is far over the
     * {@link Frames#MAX_FRAME_BYTES} frame limit the client enforces, and a reply over it closes the
     * connection, so a channel with such a page could never be synced again. The server therefore
     * stops adding entries before a page passes this budget; the reader continues after the last
     * seq it got while that is below FetchResult.head. A page always holds at least one entry, and a
     * notice within these limits always fits on its own (MaximalNoticeTest).
     */
    public static final int FETCH_PAGE_BYTES = Frames.MAX_FRAME_BYTES - FETCH_REPLY_HEADROOM_BYTES;

    /**
     * Bytes an entry costs in a page besides itself: its field tag (1) and length varint (3 for
     * anything under 2 MiB).
     */
    public static final int FETCH_ENTRY_OVERHEAD_BYTES = 4;

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
