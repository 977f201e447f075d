package org.gridcast.client.cli;

import java.util.List;
import org.gridcast.protocol.PresenceInfo;

/**
 * {@code presence --unit U [--members ID,ID...]}: prints {@code {"onlineMembers":N,"online":[...]}},
 * online listing those of the given members that are online.
 */
public final class PresenceCommand implements Command {

    @Override
    public String name() {
        return "presence";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--unit"), Option.value("--members"));
    }

    @Override
    public String usage() {
        return "presence --unit U [--members ID,ID...]";
    }

    @Override
    public void run(CommandContext ctx) {
        String unit = ctx.args().require("--unit");
        PresenceInfo info = ctx.await(ctx.connect().presence(unit, ctx.args().list("--members")));
        ctx.print(Json.object().put("onlineMembers", info.getOnlineMembers()).raw("online", Json.array(info.getOnlineList())));
    }
}
