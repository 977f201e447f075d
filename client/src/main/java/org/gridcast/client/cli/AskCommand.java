package org.gridcast.client.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gridcast.protocol.Ask;
import org.gridcast.protocol.AskResult;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.FaqMatch;

/**
 * {@code ask --text T [--send [--to STAFF] [--client-msg-id ID]]}: a policy question (政策咨询) is
 * matched against the community's FAQ; prints {@code {"matches":[{"id","question","answer","score"}]}}.
 * With {@code --send} the question also opens (or continues) the conversation with the micro-grid
 * leader (or {@code --to}), and the line carries {@code "conversation":{...},"seq":N}.
 */
public final class AskCommand implements Command {

    @Override
    public String name() {
        return "ask";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--text"), Option.flag("--send"), Option.value("--to"), Option.value("--client-msg-id"));
    }

    @Override
    public String usage() {
        return "ask --text T [--send [--to STAFF] [--client-msg-id ID]]";
    }

    @Override
    public void run(CommandContext ctx) {
        Args args = ctx.args();
        String text = args.require("--text");
        boolean send = args.has("--send");
        if (!send && (args.has("--to") || args.has("--client-msg-id"))) {
            throw CliException.badArgs("--to and --client-msg-id only go with --send; usage: " + usage());
        }
        Ask.Builder ask = Ask.newBuilder().setText(text).setSend(send).setTo(args.get("--to", ""));
        if (send) {
            ask.setClientMsgId(args.get("--client-msg-id", UUID.randomUUID().toString()));
        }
        AskResult result = EventCalls.call(ctx, EventCall.newBuilder().setAsk(ask).build(), EventResult.ResultCase.ASK).getAsk();
        List<Json> matches = new ArrayList<>();
        for (FaqMatch m : result.getMatchesList()) {
            matches.add(Json.object().put("id", m.getId()).put("question", m.getQuestion()).put("answer", m.getAnswer())
                    .raw("score", EventJson.decimal(m.getScore())));
        }
        Json out = Json.object().raw("matches", Json.objects(matches));
        if (send) {
            out.raw("conversation", EventJson.conversation(result.getConversation()).toString()).put("seq", result.getSeq());
        }
        ctx.print(out);
    }
}
