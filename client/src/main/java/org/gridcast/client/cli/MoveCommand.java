package org.gridcast.client.cli;

import java.util.List;

/** {@code move --member M --to-unit U}: prints {@code {"ok":true}}. */
public final class MoveCommand implements Command {

    @Override
    public String name() {
        return "move";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--member"), Option.value("--to-unit"));
    }

    @Override
    public String usage() {
        return "move --member M --to-unit U";
    }

    @Override
    public void run(CommandContext ctx) {
        String member = ctx.args().require("--member");
        String toUnit = ctx.args().require("--to-unit");
        ctx.await(ctx.connect().moveMember(member, toUnit));
        ctx.print(Json.object().put("ok", true));
    }
}
