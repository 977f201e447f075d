package org.gridcast.client.cli;

import java.util.List;

/** {@code read --channel C --seq S}: raises the read cursor; prints {@code {"ok":true,"read":N}}. */
public final class ReadCommand implements Command {

    @Override
    public String name() {
        return "read";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--channel"), Option.value("--seq"));
    }

    @Override
    public String usage() {
        return "read --channel C --seq S";
    }

    @Override
    public void run(CommandContext ctx) {
        String channel = ctx.args().require("--channel");
        long seq = ctx.args().requireLong("--seq");
        long read = ctx.await(ctx.connect().markRead(channel, seq));
        ctx.print(Json.object().put("ok", true).put("read", read));
    }
}
