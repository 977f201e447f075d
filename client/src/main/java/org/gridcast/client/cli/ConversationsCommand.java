package org.gridcast.client.cli;

import java.util.List;
import org.gridcast.protocol.ConversationInfo;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.ListConversations;

/**
 * {@code conversations}: the member's consultations (the server lists its newest 100), one
 * {@code {"id","resident","staff","community","openedAt","waitingSince","overdue"}} line each.
 */
public final class ConversationsCommand implements Command {

    @Override
    public String name() {
        return "conversations";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public String usage() {
        return "conversations";
    }

    @Override
    public void run(CommandContext ctx) {
        EventResult result = EventCalls.call(ctx, EventCall.newBuilder().setConversations(ListConversations.getDefaultInstance()).build(),
                EventResult.ResultCase.CONVERSATIONS);
        for (ConversationInfo c : result.getConversations().getConversationsList()) {
            ctx.print(EventJson.conversation(c));
        }
    }
}
