package org.gridcast.server.event;

/**
 * Redis keys of the event domain. Every key carries the hash tag {@code {ev}} so a script can
 * touch an event, its queues and its counters in one Redis Cluster slot.
 */
public final class EventKeys {
    /** KEYS[1] of every event script; the scripts build the rest of the names from it. */
    public static final String PREFIX = "ev:{ev}:";

    private EventKeys() {
    }

    public static String event(String id) {
        return PREFIX + "e:" + id;
    }

    public static String timeline(String id) {
        return PREFIX + "tl:" + id;
    }

    /** Queue of an owner ({@code u:<unit>} or {@code m:<member>}); order 't' created, 'd' deadline. */
    public static String queue(String owner, String queue, char order) {
        return PREFIX + "q:" + owner + ":" + queue + ":" + order;
    }

    public static String byReporter(String member) {
        return PREFIX + "by:" + member;
    }

    /** Sorted set: event id → the time the sweeper should next look at it. */
    public static String deadlines() {
        return PREFIX + "dl";
    }

    /** Hash of per-day counters: field {@code <unit>|<metric>}. Day is yyyyMMdd. */
    public static String dayStats(String day) {
        return PREFIX + "st:" + day;
    }

    public static String unitOwner(String unit) {
        return "u:" + unit;
    }

    public static String memberOwner(String member) {
        return "m:" + member;
    }
}
