package org.gridcast.client.cli;

import org.gridcast.client.GridcastClientException;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;

/** Sends one EventCall for a command and insists on the reply kind the call is answered with. */
final class EventCalls {

    private EventCalls() {
    }

    /** Logs in, sends the call, waits; a reply of another kind is UNEXPECTED_REPLY rather than empty output. */
    static EventResult call(CommandContext ctx, EventCall call, EventResult.ResultCase expected) {
        return check(ctx.await(ctx.connect().event(call)), expected);
    }

    static EventResult check(EventResult result, EventResult.ResultCase expected) {
        if (result.getResultCase() != expected) {
            throw new GridcastClientException(GridcastClientException.UNEXPECTED_REPLY,
                    "expected " + expected + " but the server answered " + result.getResultCase());
        }
        return result;
    }
}
