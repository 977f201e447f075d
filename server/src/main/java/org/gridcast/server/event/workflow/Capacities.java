package org.gridcast.server.event.workflow;

import java.util.EnumSet;
import java.util.Set;
import org.gridcast.seeds.Role;
import org.gridcast.server.event.EventDirectory;
import org.gridcast.server.event.EventMember;
import org.gridcast.server.event.EventRecord;

/**
 * The capacities a member holds toward one event, from their role, home unit and the event's
 * facts (reporter, unit, handler, dispatcher). Role and unit come from the directory, never from
 * the request.
 */
public final class Capacities {
    private Capacities() {
    }

    public static Set<Capacity> of(EventMember actor, EventRecord event, EventDirectory directory) {
        EnumSet<Capacity> caps = EnumSet.noneOf(Capacity.class);
        if (actor.id().equals(event.reporter())) {
            caps.add(Capacity.REPORTER);
        }
        boolean inScope = directory.within(actor.unit(), event.unit());
        if (inScope) {
            switch (actor.role()) {
                case MICROGRID_LEADER -> caps.add(Capacity.MICROGRID_LEADER);
                case GRID_WORKER -> caps.add(Capacity.GRID_WORKER);
                case COMMUNITY_STAFF -> caps.add(Capacity.COMMUNITY_STAFF);
                case TOWN_STAFF -> caps.add(Capacity.TOWN_STAFF);
                default -> { }
            }
        }
        if (actor.id().equals(event.handlerMember())
                || (!event.handlerUnit().isEmpty() && actor.unit().equals(event.handlerUnit()))) {
            caps.add(Capacity.HANDLER);
        }
        if (actor.id().equals(event.dispatcher())) {
            caps.add(Capacity.DISPATCHER);
        }
        String from = event.escalateFrom();
        if (!from.isEmpty() && (actor.role() == Role.COMMUNITY_STAFF || actor.role() == Role.TOWN_STAFF)
                && !actor.unit().equals(from) && directory.within(actor.unit(), from)) {
            caps.add(Capacity.LEVEL_ABOVE);
        }
        return caps;
    }

    /**
     * May the actor see the event at all: a resident only their own or what was dispatched to
     * them (a shop operator); staff their subtree and what was dispatched to them.
     */
    public static boolean canView(EventMember actor, EventRecord event, EventDirectory directory) {
        if (actor.id().equals(event.reporter()) || actor.id().equals(event.handlerMember())
                || actor.id().equals(event.dispatcher())
                || (!event.handlerUnit().isEmpty() && actor.unit().equals(event.handlerUnit()))) {
            return true;
        }
        if (actor.isResident() || actor.role() == Role.OPERATOR) {
            return false;
        }
        return directory.within(actor.unit(), event.unit())
                || (!event.handlerUnit().isEmpty() && directory.within(actor.unit(), event.handlerUnit()));
    }
}
