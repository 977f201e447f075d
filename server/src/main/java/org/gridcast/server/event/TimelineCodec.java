package org.gridcast.server.event;

import org.gridcast.protocol.TimelineEntry;

/**
 * Timeline entries are stored as {@code state \t actor \t atMs \t note}, with a fifth column
 * {@code \t photo} only when the step carries a photo (回单), so entries without one stay as they
 * always were. Tabs and newlines in notes become spaces; a photo is a checked URL (a
 * {@code /media/} id or an http(s) link without control characters), so it holds neither.
 */
public final class TimelineCodec {
    private TimelineCodec() {
    }

    public static String encode(String state, String actor, long atMs, String note) {
        return encode(state, actor, atMs, note, "");
    }

    public static String encode(String state, String actor, long atMs, String note, String photo) {
        String entry = state + '\t' + actor + '\t' + atMs + '\t' + note.replace('\t', ' ').replace('\n', ' ');
        return photo.isEmpty() ? entry : entry + '\t' + photo;
    }

    public static TimelineEntry decode(String s) {
        String[] p = s.split("\t", 5);
        return TimelineEntry.newBuilder().setState(p[0]).setActor(p[1]).setAtMs(Long.parseLong(p[2]))
                .setNote(p.length > 3 ? p[3] : "").setPhoto(p.length > 4 ? p[4] : "").build();
    }
}
