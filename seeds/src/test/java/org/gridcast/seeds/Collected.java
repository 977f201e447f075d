package org.gridcast.seeds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A seed source held in memory, for tests of small sources. */
record Collected(List<SeedUnit> units, List<SeedMember> members) {

    static Collected of(SeedSource source) {
        List<SeedUnit> units = new ArrayList<>();
        List<SeedMember> members = new ArrayList<>();
        source.forEach(units::add, members::add);
        return new Collected(units, members);
    }

    Map<String, SeedUnit> unitsById() {
        return units.stream().collect(Collectors.toMap(SeedUnit::id, Function.identity()));
    }

    List<SeedUnit> childrenOf(String parent) {
        return units.stream().filter(u -> u.parent().equals(parent)).toList();
    }

    /** True when {@code unit} is {@code top} or below it. */
    boolean under(String top, String unit) {
        Map<String, SeedUnit> byId = unitsById();
        for (String u = unit; !u.isEmpty(); u = byId.get(u).parent()) {
            if (u.equals(top)) {
                return true;
            }
        }
        return false;
    }

    List<SeedMember> membersUnder(String top) {
        Map<String, SeedUnit> byId = unitsById();
        return members.stream().filter(m -> {
            for (String u = m.unit(); !u.isEmpty(); u = byId.get(u).parent()) {
                if (u.equals(top)) {
                    return true;
                }
            }
            return false;
        }).toList();
    }
}
