package org.gridcast.client.cli;

import java.util.List;
import org.gridcast.protocol.Reminded;

/** {@code remind --channel C --seq S}: reminds the unread members; prints {@code {"reminded":N}}. */
public final class RemindCommand implements Command {

    @Override
    public String name() {
        return "remind";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--channel"), Option.value("--seq"));
    }

    @Override
    public String usage() {
        return "remind --channel C --seq S";
    }

    @Override
    public void run(CommandContext ctx) {
        String channel = ctx.args().require("--channel");
        long seq = ctx.args().requireLong("--seq");
        Reminded reminded = ctx.await(ctx.connect().remindUnread(channel, seq));
        ctx.print(Json.object().put("reminded", reminded.getReminded()));
    }
}
