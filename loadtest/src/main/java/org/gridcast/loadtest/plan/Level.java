package org.gridcast.loadtest.plan;

import java.util.Locale;
import org.gridcast.seeds.UnitKind;

/** Which units the publishers post to. MIXED draws a level per notice (see {@link TownPlan#pickTopic}). */
public enum Level {
    MICROGRID(UnitKind.MICROGRID), GRID(UnitKind.GRID), COMMUNITY(UnitKind.COMMUNITY), TOWN(UnitKind.TOWN), MIXED(null);

    private final UnitKind kind;

    Level(UnitKind kind) {
        this.kind = kind;
    }

    public UnitKind kind() {
        return kind;
    }

    public static Level parse(String v) {
        return valueOf(v.toUpperCase(Locale.ROOT));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
