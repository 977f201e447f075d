package org.gridcast.server.notice;

/**
 * Channel ids (see docs/ARCHITECTURE.md): {@code u:<unit>} notices of a unit, {@code i:<member>}
 * a member's inbox, {@code o:<member>} a sender's outbox, {@code c:<conversation>} a consultation.
 */
public final class Channels {
    public static final String UNIT = "u:";
    public static final String INBOX = "i:";
    public static final String OUTBOX = "o:";
    public static final String CONVERSATION = "c:";

    private Channels() {
    }

    public static String unit(String unitId) {
        return UNIT + unitId;
    }

    public static String inbox(String memberId) {
        return INBOX + memberId;
    }

    public static String outbox(String memberId) {
        return OUTBOX + memberId;
    }

    public static String conversation(String conversationId) {
        return CONVERSATION + conversationId;
    }

    public static boolean isUnit(String channel) {
        return channel.startsWith(UNIT);
    }

    public static boolean isInbox(String channel) {
        return channel.startsWith(INBOX);
    }

    public static boolean isOutbox(String channel) {
        return channel.startsWith(OUTBOX);
    }

    public static boolean isConversation(String channel) {
        return channel.startsWith(CONVERSATION);
    }

    /** The unit, member or conversation id after the prefix. */
    public static String id(String channel) {
        int colon = channel.indexOf(':');
        return colon < 0 ? channel : channel.substring(colon + 1);
    }

    /** Redis key prefix of a channel, hash-tagged so all its keys share a cluster slot. */
    public static String key(String channel, String suffix) {
        return "ch:{" + channel + "}:" + suffix;
    }
}
