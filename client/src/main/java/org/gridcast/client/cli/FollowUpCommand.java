package org.gridcast.client.cli;

import java.util.List;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.FollowUpEvent;

/** {@code follow-up --id ID --note T}: records a follow-up visit (回访) on a closed event; prints {@code {"id","state"}}. */
public final class FollowUpCommand implements Command {

    @Override
    public String name() {
        return "follow-up";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--id"), Option.value("--note"));
    }

    @Override
    public String usage() {
        return "follow-up --id ID --note T";
    }

    @Override
    public void run(CommandContext ctx) {
        FollowUpEvent followUp = FollowUpEvent.newBuilder().setId(ctx.args().require("--id"))
                .setNote(ctx.args().require("--note")).build();
        EventResult result = EventCalls.call(ctx, EventCall.newBuilder().setFollowUp(followUp).build(), EventResult.ResultCase.EVENT);
        ctx.print(EventJson.ref(result.getEvent()));
    }
}
