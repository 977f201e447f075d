package org.gridcast.server.event.workflow;

import org.gridcast.server.GridcastException;

/** A refused event request; {@link #toGridcast()} gives the dispatcher its error reply. */
public final class EventRefusedException extends RuntimeException {
    private final Refusal refusal;

    public EventRefusedException(Refusal refusal, String message) {
        super(refusal + ": " + message, null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    public GridcastException toGridcast() {
        return new GridcastException(refusal.errorCode(), getMessage());
    }
}
