package org.gridcast.client.cli;

import java.util.List;

/** {@code revoke --member M [--device D]}: operator only; prints {@code {"ok":true}}. */
public final class RevokeCommand implements Command {

    @Override
    public String name() {
        return "revoke";
    }

    @Override
    public List<Option> options() {
        // This --device names the device to revoke; the global one (before the command) is ours.
        return List.of(Option.value("--member"), Option.value("--device"));
    }

    @Override
    public String usage() {
        return "revoke --member M [--device D]";
    }

    @Override
    public void run(CommandContext ctx) {
        String member = ctx.args().require("--member");
        ctx.await(ctx.connect().revoke(member, ctx.args().get("--device", "")));
        ctx.print(Json.object().put("ok", true));
    }
}
