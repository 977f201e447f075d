package org.gridcast.server.event.workflow;

import java.util.Locale;

/** A reporter's rating of a closed event. 满意 counts SATISFIED and BASIC (基本满意). */
public enum Rating {
    SATISFIED("satisfied"),
    BASIC("basic"),
    UNSATISFIED("unsatisfied");

    private final String wire;

    Rating(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean isSatisfied() {
        return this != UNSATISFIED;
    }

    public static Rating parse(String s) {
        for (Rating r : values()) {
            if (r.wire.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new EventRefusedException(Refusal.BAD_REQUEST, "score must be satisfied, basic or unsatisfied: " + s);
    }
}
