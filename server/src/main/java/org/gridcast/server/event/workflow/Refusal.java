package org.gridcast.server.event.workflow;

import org.gridcast.protocol.ErrorCode;

/** Why an event request was refused; each maps to the wire's error code. */
public enum Refusal {
    /** No edge of the workflow leads from the current state to the requested one. */
    ILLEGAL_TRANSITION(ErrorCode.CONFLICT),
    /** The edge exists but the actor holds none of the capacities it needs. */
    NOT_PERMITTED(ErrorCode.FORBIDDEN),
    /** The event moved on since the actor read it (state or version changed). */
    STALE(ErrorCode.CONFLICT),
    /** Reopening is allowed only within {@link Workflow#REOPEN_WINDOW} of closing. */
    REOPEN_WINDOW_PASSED(ErrorCode.CONFLICT),
    /** Only a closed event can be rated, and only once per closing. */
    ALREADY_RATED(ErrorCode.CONFLICT),
    NOT_CLOSED(ErrorCode.CONFLICT),
    /** The event exists but the actor may not see it. */
    OUT_OF_SCOPE(ErrorCode.FORBIDDEN),
    UNKNOWN_EVENT(ErrorCode.NOT_FOUND),
    UNKNOWN_MEMBER(ErrorCode.NOT_FOUND),
    /** A dispatch names no handler, or one the actor may not dispatch to. */
    BAD_HANDLER(ErrorCode.BAD_REQUEST),
    BAD_STATE(ErrorCode.BAD_REQUEST),
    BAD_REQUEST(ErrorCode.BAD_REQUEST),
    TOO_LONG(ErrorCode.LIMIT_EXCEEDED);

    private final ErrorCode code;

    Refusal(ErrorCode code) {
        this.code = code;
    }

    public ErrorCode errorCode() {
        return code;
    }
}
