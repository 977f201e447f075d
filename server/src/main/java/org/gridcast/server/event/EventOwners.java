package org.gridcast.server.event;

import java.util.LinkedHashSet;
import java.util.Set;

/** Whose queues an event sits in: its unit and every ancestor, the handler unit, the handler member. */
public final class EventOwners {
    private EventOwners() {
    }

    public static String of(EventDirectory directory, String unit, String handlerUnit, String handlerMember) {
        Set<String> o = new LinkedHashSet<>();
        for (String u : directory.ancestorsOrSelf(unit)) {
            o.add(EventOwners.unit(u));
        }
        if (!handlerUnit.isEmpty()) {
            o.add(EventOwners.unit(handlerUnit));
        }
        if (!handlerMember.isEmpty()) {
            o.add(EventOwners.member(handlerMember));
        }
        return String.join(" ", o);
    }

    public static String unit(String unit) {
        return "u:" + unit;
    }

    public static String member(String member) {
        return "m:" + member;
    }
}
