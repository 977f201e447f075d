package org.gridcast.client.cli;

import java.util.List;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.HandOver;

/**
 * {@code handover --conversation ID --to MEMBER}: the staff party passes a consultation to another
 * staff member of the resident's units; prints the conversation
 * {@code {"id","resident","staff","community","openedAt","waitingSince","overdue"}}.
 */
public final class HandoverCommand implements Command {

    @Override
    public String name() {
        return "handover";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--conversation"), Option.value("--to"));
    }

    @Override
    public String usage() {
        return "handover --conversation ID --to MEMBER";
    }

    @Override
    public void run(CommandContext ctx) {
        HandOver handOver = HandOver.newBuilder().setConversation(ctx.args().require("--conversation"))
                .setTo(ctx.args().require("--to")).build();
        EventResult result = EventCalls.call(ctx, EventCall.newBuilder().setHandOver(handOver).build(), EventResult.ResultCase.CONVERSATION);
        ctx.print(EventJson.conversation(result.getConversation()));
    }
}
