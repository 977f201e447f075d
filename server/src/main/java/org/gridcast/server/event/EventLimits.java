package org.gridcast.server.event;

import org.gridcast.server.event.workflow.EventRefusedException;
import org.gridcast.server.event.workflow.Refusal;
import org.gridcast.server.text.AttachmentUrl;
import org.gridcast.server.text.TextLength;

/** Limits on what a client may send about events; each is a defence against abuse or mistakes. */
public final class EventLimits {
    /** Issue 3: up to 9 attachment URLs (the phone's photo picker grid). */
    public static final int MAX_ATTACHMENTS = 9;
    /** A URL longer than this is not a storage link. */
    public static final int MAX_URL = 1024;
    /** A report text is a description, not a document. */
    public static final int MAX_TEXT = 2000;
    /** Notes on transitions, ratings and follow-ups. */
    public static final int MAX_NOTE = 1000;
    /** "LEVEL1/LEVEL2", short labels. */
    public static final int MAX_CATEGORY = 64;
    /** Page size of queues unless the client asks for less. */
    public static final int DEFAULT_PAGE = 50;
    /** Largest page of a queue: one screenful of pages, bounded work per request. */
    public static final int MAX_PAGE = 200;
    /**
     * Deepest offset into a queue: far past any real queue, and small enough that offset + page
     * never overflows the range arithmetic of the Redis read.
     */
    public static final int MAX_OFFSET = 1_000_000;
    /** Ids (client report ids, member and unit ids). */
    public static final int MAX_ID = 128;

    private EventLimits() {
    }

    /**
     * The page size for a wire {@code uint32 limit}: 0 means {@link #DEFAULT_PAGE}, anything above
     * {@link #MAX_PAGE} is clamped to it. Read unsigned: protobuf hands a uint32 over as a Java
     * int, and 2^31 or more would otherwise arrive negative and slip under a plain {@code min}.
     */
    public static int pageLimit(int wireLimit) {
        long limit = Integer.toUnsignedLong(wireLimit);
        return limit == 0 ? DEFAULT_PAGE : (int) Math.min(limit, MAX_PAGE);
    }

    /** The offset for a wire {@code uint32 offset}, read unsigned; past {@link #MAX_OFFSET} is refused. */
    public static int pageOffset(int wireOffset) {
        long offset = Integer.toUnsignedLong(wireOffset);
        if (offset > MAX_OFFSET) {
            throw new EventRefusedException(Refusal.TOO_LONG, "offset is at most " + MAX_OFFSET);
        }
        return (int) offset;
    }

    /** {@code url} unchanged when it is a short absolute http(s) link; see {@link AttachmentUrl}. */
    public static String link(String url, String what) {
        bounded(url, MAX_URL, what);
        if (!AttachmentUrl.isAllowed(url)) {
            throw new EventRefusedException(Refusal.BAD_REQUEST, what + " must be an absolute http(s) URL");
        }
        return url;
    }

    /** {@code value} unchanged when it has at most {@code max} characters (code points, see {@link TextLength}). */
    public static String bounded(String value, int max, String what) {
        if (!TextLength.within(value, max)) {
            throw new EventRefusedException(Refusal.TOO_LONG, what + " is longer than " + max);
        }
        return value;
    }
}
