package org.gridcast.server.event.workflow;

/**
 * The capacities in which a member may act on one event. A member's role alone does not say
 * what they may do: a grid worker may accept only events of their own grid, a department member
 * may sign only what was dispatched to their department. {@link Capacities} computes them.
 */
public enum Capacity {
    /** The resident the event is about (who reported it, or for whom it was reported). */
    REPORTER,
    /** A micro-grid leader whose micro-grid contains the event's unit. */
    MICROGRID_LEADER,
    /** A grid worker whose grid contains the event's unit. */
    GRID_WORKER,
    /** Community staff whose community contains the event's unit. */
    COMMUNITY_STAFF,
    /** Town staff whose town contains the event's unit (they dispatch across communities). */
    TOWN_STAFF,
    /** A member of the handler unit (department, shop alliance, other unit) or the handler member itself. */
    HANDLER,
    /** The member who dispatched the event most recently. */
    DISPATCHER,
    /** Community or town staff above the unit the event was escalated from. */
    LEVEL_ABOVE
}
