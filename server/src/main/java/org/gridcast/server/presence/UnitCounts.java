package org.gridcast.server.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridcast.server.fanout.UnitHierarchy;

/**
 * Online members of this node per unit, counted in the member's home unit and every ancestor.
 * Not thread-safe: {@link Presence} calls it under its lock.
 */
final class UnitCounts {
    private final UnitHierarchy hierarchy;
    private final Map<String, Integer> counts = new HashMap<>();

    UnitCounts(UnitHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /** The units a member of {@code homeUnit} is counted in. */
    List<String> unitsOf(String homeUnit) {
        return List.copyOf(hierarchy.ancestorsOrSelf(homeUnit));
    }

    /** Counts a member in; returns the units whose count went 0 → 1. */
    List<String> add(List<String> units) {
        List<String> appeared = new ArrayList<>();
        for (String u : units) {
            if (counts.merge(u, 1, Integer::sum) == 1) {
                appeared.add(u);
            }
        }
        return appeared;
    }

    /** Counts a member out; returns the units whose count went to 0. */
    List<String> remove(List<String> units) {
        List<String> gone = new ArrayList<>();
        for (String u : units) {
            if (!counts.containsKey(u)) {
                continue;
            }
            Integer left = counts.computeIfPresent(u, (k, n) -> n > 1 ? n - 1 : null);
            if (left == null) {
                gone.add(u);
            }
        }
        return gone;
    }

    int get(String unit) {
        return counts.getOrDefault(unit, 0);
    }

    Map<String, Integer> snapshot() {
        return Map.copyOf(counts);
    }
}
