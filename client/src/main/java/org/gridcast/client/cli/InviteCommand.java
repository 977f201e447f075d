package org.gridcast.client.cli;

import java.util.List;
import org.gridcast.protocol.InviteIssued;
import org.gridcast.protocol.IssueInvite;

/** {@code invite --unit ID [--name N]}: prints {@code {"code","expiresAt"}} (expiresAt in epoch ms). */
public final class InviteCommand implements Command {

    @Override
    public String name() {
        return "invite";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--unit"), Option.value("--name"));
    }

    @Override
    public String usage() {
        return "invite --unit ID [--name N]";
    }

    @Override
    public void run(CommandContext ctx) {
        IssueInvite request = IssueInvite.newBuilder().setUnit(ctx.args().require("--unit"))
                .setName(ctx.args().get("--name", "")).build();
        InviteIssued issued = ctx.await(ctx.connect().issueInvite(request));
        ctx.print(Json.object().put("code", issued.getCode()).put("expiresAt", issued.getExpiresAtMs()));
    }
}
