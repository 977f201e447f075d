package org.gridcast.server.event;

import org.gridcast.protocol.TimelineEntry;

/** Timeline entries are stored as {@code state \t actor \t atMs \t note} (tabs and newlines in notes become spaces). */
public final class TimelineCodec {
    private TimelineCodec() {
    }

    public static String encode(String state, String actor, long atMs, String note) {
        return state + '\t' + actor + '\t' + atMs + '\t' + note.replace('\t', ' ').replace('\n', ' ');
    }

    public static TimelineEntry decode(String s) {
        String[] p = s.split("\t", 4);
        return TimelineEntry.newBuilder().setState(p[0]).setActor(p[1]).setAtMs(Long.parseLong(p[2]))
                .setNote(p.length > 3 ? p[3] : "").build();
    }
}
