package org.gridcast.client.cli;

import java.util.List;

/** {@code confirm --channel C --seq S}: tap-to-confirm one notice; prints {@code {"ok":true}}. */
public final class ConfirmCommand implements Command {

    @Override
    public String name() {
        return "confirm";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--channel"), Option.value("--seq"));
    }

    @Override
    public String usage() {
        return "confirm --channel C --seq S";
    }

    @Override
    public void run(CommandContext ctx) {
        String channel = ctx.args().require("--channel");
        long seq = ctx.args().requireLong("--seq");
        ctx.await(ctx.connect().confirm(channel, seq));
        ctx.print(Json.object().put("ok", true));
    }
}
