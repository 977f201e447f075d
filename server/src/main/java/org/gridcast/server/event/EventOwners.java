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
            o.add(EventKeys.unitOwner(u));
        }
        if (!handlerUnit.isEmpty()) {
            o.add(EventKeys.unitOwner(handlerUnit));
        }
        if (!handlerMember.isEmpty()) {
            o.add(EventKeys.memberOwner(handlerMember));
        }
        return String.join(" ", o);
    }
}
