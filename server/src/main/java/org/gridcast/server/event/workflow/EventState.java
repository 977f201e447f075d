package org.gridcast.server.event.workflow;

/** The states of an event report; see docs/EVENTS.md for the diagram. */
public enum EventState {
    SUBMITTED("待受理"),
    ACCEPTED("已受理"),
    INVALID("无效"),
    DISPATCHED("已交办"),
    IN_PROGRESS("办理中"),
    RETURNED("退回"),
    ESCALATED("上报上级"),
    RESOLVED("已回单"),
    CLOSED("核查办结"),
    REOPENED("重新打开"),
    WITHDRAWN("已撤回");

    private final String label;

    EventState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** No transition leaves these except CLOSED → REOPENED. */
    public boolean isFinal() {
        return this == INVALID || this == CLOSED || this == WITHDRAWN;
    }

    /** The queue an event in this state sits in; {@code null} once final. */
    public QueueKind queue() {
        return switch (this) {
            case SUBMITTED, DISPATCHED, RETURNED, ESCALATED, REOPENED -> QueueKind.PENDING;
            case ACCEPTED, IN_PROGRESS, RESOLVED -> QueueKind.ACTIVE;
            case INVALID, CLOSED, WITHDRAWN -> null;
        };
    }

    /** Which time limit runs in this state (none once resolved or final). */
    public Phase phase() {
        return switch (this) {
            case SUBMITTED -> Phase.ACCEPTANCE;
            case ACCEPTED, DISPATCHED, IN_PROGRESS, RETURNED, ESCALATED, REOPENED -> Phase.RESOLUTION;
            case RESOLVED, INVALID, CLOSED, WITHDRAWN -> Phase.NONE;
        };
    }

    public static EventState parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EventRefusedException(Refusal.BAD_STATE, "unknown state " + name);
        }
    }

    public enum QueueKind { PENDING, ACTIVE }

    public enum Phase { ACCEPTANCE, RESOLUTION, NONE }
}
