package org.gridcast.client.cli;

import java.util.List;
import java.util.Locale;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.TransitionEvent;

/**
 * {@code transition --id ID --to STATE [--handler ID] [--note T] [--photo URL] [--expected-version N]}:
 * moves an event along the workflow (docs/EVENTS.md); prints {@code {"id","state"}}. Whether the
 * move is allowed, and for whom, is the server's decision; only the state name is checked here.
 */
public final class TransitionCommand implements Command {

    /** The states an event can be moved to (SUBMITTED is only reached by reporting). */
    static final List<String> TARGETS = List.of("ACCEPTED", "INVALID", "DISPATCHED", "IN_PROGRESS", "RETURNED",
            "ESCALATED", "RESOLVED", "CLOSED", "REOPENED", "WITHDRAWN");

    @Override
    public String name() {
        return "transition";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--id"), Option.value("--to"), Option.value("--handler"), Option.value("--note"),
                Option.value("--photo"), Option.value("--expected-version"));
    }

    @Override
    public String usage() {
        return "transition --id ID --to STATE [--handler ID] [--note T] [--photo URL] [--expected-version N]";
    }

    @Override
    public void run(CommandContext ctx) {
        Args args = ctx.args();
        String id = args.require("--id");
        String to = args.require("--to").toUpperCase(Locale.ROOT);
        if (!TARGETS.contains(to)) {
            throw CliException.badArgs("--to must be one of " + String.join(", ", TARGETS) + ": " + args.require("--to"));
        }
        TransitionEvent transition = TransitionEvent.newBuilder().setId(id).setTo(to)
                .setHandler(args.get("--handler", "")).setNote(args.get("--note", "")).setPhoto(args.get("--photo", ""))
                .setExpectedVersion(args.getLong("--expected-version", 0)).build();
        EventResult result = EventCalls.call(ctx, EventCall.newBuilder().setTransition(transition).build(), EventResult.ResultCase.EVENT);
        ctx.print(EventJson.ref(result.getEvent()));
    }
}
