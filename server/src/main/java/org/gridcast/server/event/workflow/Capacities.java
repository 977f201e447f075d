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
        if (actor.id().equals(event.handlerMember()) || handlesForUnit(actor, event.handlerUnit(), directory)) {
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
     * Does belonging to {@code handlerUnit} make {@code member} a handler of what is dispatched
     * there? Only for a member whose home is that unit, and then:
     * <ul>
     *   <li>staff (micro-grid leader, grid worker, community or town staff): the leader of the
     *       micro-grid, the worker of the grid, the staff of a department the event was sent to;</li>
     *   <li>a resident only when the unit is a DEPARTMENT: a shop operator in a community's shop
     *       alliance (商户联盟), which exists to take orders (居民点单 → 社区派单 → 商铺接单).</li>
     * </ul>
     * Residents of an area unit (micro-grid, grid, community) are not handlers of what is sent
     * to their unit, or any neighbour could read and resolve it (issue 8). Staff above the unit
     * are not handlers either: they keep their own capacities and may dispatch again. A member
     * named as the handler holds HANDLER whatever their role ({@link #of}). Operators do not
     * work on events.
     */
    public static boolean handlesForUnit(EventMember member, String handlerUnit, EventDirectory directory) {
        if (handlerUnit.isEmpty() || !member.unit().equals(handlerUnit)) {
            return false;
        }
        return switch (member.role()) {
            case MICROGRID_LEADER, GRID_WORKER, COMMUNITY_STAFF, TOWN_STAFF -> true;
            case RESIDENT -> directory.isHandlerUnit(handlerUnit);
            case OPERATOR -> false;
        };
    }

    /**
     * May the actor see the event at all: a resident only their own or what was dispatched to
     * them or their shop alliance (a shop operator); staff their subtree and what was dispatched
     * to them.
     */
    public static boolean canView(EventMember actor, EventRecord event, EventDirectory directory) {
        if (actor.id().equals(event.reporter()) || actor.id().equals(event.handlerMember())
                || actor.id().equals(event.dispatcher()) || handlesForUnit(actor, event.handlerUnit(), directory)) {
            return true;
        }
        if (actor.isResident() || actor.role() == Role.OPERATOR) {
            return false;
        }
        return directory.within(actor.unit(), event.unit())
                || (!event.handlerUnit().isEmpty() && directory.within(actor.unit(), event.handlerUnit()));
    }
}
