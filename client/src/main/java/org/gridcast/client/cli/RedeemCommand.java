package org.gridcast.client.cli;

import java.util.List;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.InviteRedeemed;

/** {@code redeem --code C [--name N]}: no token needed; prints {@code {"member","token"}}. */
public final class RedeemCommand implements Command {

    @Override
    public String name() {
        return "redeem";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--code"), Option.value("--name"));
    }

    @Override
    public String usage() {
        return "redeem --code C [--name N]";
    }

    @Override
    public boolean needsToken() {
        return false;
    }

    @Override
    public void run(CommandContext ctx) {
        var g = ctx.globals();
        InviteRedeemed redeemed = ctx.await(GridcastClient.redeemInvite(g.host(), g.port(),
                ctx.args().require("--code"), g.device(), ctx.args().get("--name", ""), ctx.options()));
        ctx.print(Json.object().put("member", redeemed.getMember()).put("token", redeemed.getToken()));
    }
}
