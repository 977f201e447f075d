package org.gridcast.server.event.workflow;

import java.util.EnumSet;
import java.util.Set;

/** One allowed transition of the workflow and the capacities that may take it. */
public record Edge(String name, EventState from, EventState to, Set<Capacity> who) {
    public Edge {
        who = Set.copyOf(EnumSet.copyOf(who));
    }

    public boolean allows(Set<Capacity> capacities) {
        for (Capacity c : capacities) {
            if (who.contains(c)) {
                return true;
            }
        }
        return false;
    }
}
