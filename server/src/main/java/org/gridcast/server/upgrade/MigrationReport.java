package org.gridcast.server.upgrade;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code migrate-keys} run found and did, printed as one JSON object. Counts are
 * complete; the key names listed are the first {@link #MAX_LISTED} of each kind, each cut to
 * {@link #MAX_NAME_CHARS}, so a Redis full of strange keys cannot flood the terminal.
 */
public final class MigrationReport {
    public static final int MAX_LISTED = 100;
    public static final int MAX_NAME_CHARS = 200;

    private final boolean dryRun;
    private long scanned;
    private final Map<String, Long> perPattern = new LinkedHashMap<>();
    private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private final List<String[]> conflictKeys = new ArrayList<>();
    private long unrecognised;
    private final List<String> unrecognisedKeys = new ArrayList<>();
    private boolean markersHeldBack;
    private List<String> oldMarkersLeft = List.of();

    MigrationReport(boolean dryRun) {
        this.dryRun = dryRun;
        OldKeyNames.patterns().keySet().forEach(p -> perPattern.put(p, 0L));
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, 0L);
        }
    }

    void scanned(int keys) {
        scanned += keys;
    }

    void record(OldKeyNames.Name name, Outcome outcome) {
        perPattern.merge(name.pattern(), 1L, Long::sum);
        outcomes.merge(outcome, 1L, Long::sum);
        if (outcome == Outcome.CONFLICT && conflictKeys.size() < MAX_LISTED) {
            conflictKeys.add(new String[] {name.key(), name.newName()});
        }
    }

    void unrecognised(String key) {
        unrecognised++;
        if (unrecognisedKeys.size() < MAX_LISTED) {
            unrecognisedKeys.add(key);
        }
    }

    void markersHeldBack() {
        markersHeldBack = true;
    }

    void oldMarkersLeft(List<String> markers) {
        oldMarkersLeft = List.copyOf(markers);
    }

    public long count(Outcome outcome) {
        return outcomes.get(outcome);
    }

    public long conflicts() {
        return count(Outcome.CONFLICT);
    }

    public long unrecognised() {
        return unrecognised;
    }

    /** True when no directory marker is under its old name any more: {@code serve} will start. */
    public boolean layoutCurrent() {
        return oldMarkersLeft.isEmpty();
    }

    /**
     * {@code {"dryRun":..,"target":..,"scanned":..,"moved":..,"leftoversRemoved":..,"conflicts":..,
     * "gone":..,"unrecognised":..,"layout":"current"|"old","plan":[{"from":..,"to":..,"keys":..}],
     * "conflictKeys":[{"from":..,"to":..}],"unrecognisedKeys":[..]}}; in a dry run the counts say
     * what a run would do.
     */
    public String toJson(String target) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"dryRun\":").append(dryRun)
                .append(",\"target\":").append(string(target))
                .append(",\"scanned\":").append(scanned)
                .append(",\"moved\":").append(count(Outcome.MOVED))
                .append(",\"leftoversRemoved\":").append(count(Outcome.LEFTOVER_REMOVED))
                .append(",\"conflicts\":").append(conflicts())
                .append(",\"gone\":").append(count(Outcome.GONE))
                .append(",\"unrecognised\":").append(unrecognised)
                .append(",\"markersHeldBack\":").append(markersHeldBack)
                .append(",\"layout\":").append(string(layoutCurrent() ? "current" : "old"))
                .append(",\"plan\":[");
        String sep = "";
        for (Map.Entry<String, String> p : OldKeyNames.patterns().entrySet()) {
            long n = perPattern.get(p.getKey());
            if (n > 0) {
                b.append(sep).append("{\"from\":").append(string(p.getKey())).append(",\"to\":")
                        .append(string(p.getValue())).append(",\"keys\":").append(n).append('}');
                sep = ",";
            }
        }
        b.append("],\"conflictKeys\":[");
        sep = "";
        for (String[] c : conflictKeys) {
            b.append(sep).append("{\"from\":").append(string(c[0])).append(",\"to\":").append(string(c[1])).append('}');
            sep = ",";
        }
        b.append("],\"unrecognisedKeys\":[");
        sep = "";
        for (String k : unrecognisedKeys) {
            b.append(sep).append(string(k));
            sep = ",";
        }
        return b.append("]}").toString();
    }

    /**
     * A JSON string of a name read from Redis: quotes, backslashes and every control character
     * escaped (a key is bytes someone wrote, not text we trust), at most {@link #MAX_NAME_CHARS}.
     */
    static String string(String s) {
        String cut = s.length() > MAX_NAME_CHARS ? s.substring(0, MAX_NAME_CHARS) + "…" : s;
        StringBuilder b = new StringBuilder(cut.length() + 2).append('"');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
