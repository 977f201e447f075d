package org.gridcast.server.event;

import org.gridcast.server.event.workflow.EventRefusedException;
import org.gridcast.server.event.workflow.Refusal;

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
    /** Ids (client report ids, member and unit ids). */
    public static final int MAX_ID = 128;

    private EventLimits() {
    }

    public static String bounded(String value, int max, String what) {
        if (value.length() > max) {
            throw new EventRefusedException(Refusal.TOO_LONG, what + " is longer than " + max);
        }
        return value;
    }
}
