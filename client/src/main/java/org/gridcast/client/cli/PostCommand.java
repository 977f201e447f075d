package org.gridcast.client.cli;

import java.util.List;
import java.util.UUID;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;

/** {@code post (--unit ID | --to ID,ID...) --title T --text X [--confirm] [--client-msg-id ID]}. */
public final class PostCommand implements Command {

    @Override
    public String name() {
        return "post";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--unit"), Option.value("--to"), Option.value("--title"), Option.value("--text"),
                Option.flag("--confirm"), Option.value("--client-msg-id"));
    }

    @Override
    public String usage() {
        return "post (--unit ID | --to ID,ID...) --title T --text X [--confirm] [--client-msg-id ID]";
    }

    @Override
    public void run(CommandContext ctx) {
        Args args = ctx.args();
        if (args.has("--unit") == args.has("--to")) {
            throw CliException.badArgs("give exactly one of --unit and --to; usage: " + usage());
        }
        List<String> to = args.list("--to");
        if (args.has("--to") && to.isEmpty()) {
            throw CliException.badArgs("--to names no member");
        }
        NoticeBody body = NoticeBody.newBuilder().setTitle(args.require("--title")).setText(args.require("--text"))
                .setNeedsConfirm(args.has("--confirm")).build();
        String clientMsgId = args.get("--client-msg-id", UUID.randomUUID().toString());
        GridcastClient client = ctx.connect();
        NoticePosted posted = ctx.await(args.has("--unit")
                ? client.postToUnit(args.require("--unit"), body, clientMsgId)
                : client.postToMembers(to, body, clientMsgId));
        ctx.print(Json.object().put("channel", posted.getChannel()).put("seq", posted.getSeq())
                .put("duplicate", posted.getDuplicate()));
    }
}
