package org.gridcast.client.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.Chat;
import org.gridcast.protocol.ChatMessage;
import org.gridcast.protocol.ChatResult;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;

/**
 * {@code chat --conversation ID (--send T [--client-msg-id ID] | --history [--after-seq N])}.
 * Send prints {@code {"conversation":{...},"seq":N}}; history prints
 * {@code {"conversation":{...},"peerRead":N,"messages":[{"seq","sender","at","text"}]}}, every
 * message after {@code --after-seq}, where {@code peerRead} is the other party's read cursor (the
 * read receipt).
 */
public final class ChatCommand implements Command {

    /** Messages per request: the server's largest history page. */
    static final int PAGE_SIZE = 100;

    /** Stops a server that keeps returning full pages: 1,000 pages of 100 is far past one conversation. */
    static final int MAX_PAGES = 1_000;

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--conversation"), Option.value("--send"), Option.flag("--history"),
                Option.value("--after-seq"), Option.value("--client-msg-id"));
    }

    @Override
    public String usage() {
        return "chat --conversation ID (--send T [--client-msg-id ID] | --history [--after-seq N])";
    }

    @Override
    public void run(CommandContext ctx) {
        Args args = ctx.args();
        String conversation = args.require("--conversation");
        if (args.has("--send") == args.has("--history")) {
            throw CliException.badArgs("give exactly one of --send and --history; usage: " + usage());
        }
        if (args.has("--send") ? args.has("--after-seq") : args.has("--client-msg-id")) {
            throw CliException.badArgs("--after-seq goes with --history, --client-msg-id with --send; usage: " + usage());
        }
        if (args.has("--send")) {
            Chat send = Chat.newBuilder().setConversation(conversation).setSend(args.require("--send"))
                    .setClientMsgId(args.get("--client-msg-id", UUID.randomUUID().toString())).build();
            ChatResult sent = EventCalls.call(ctx, EventCall.newBuilder().setChat(send).build(), EventResult.ResultCase.CHAT).getChat();
            ctx.print(Json.object().raw("conversation", EventJson.conversation(sent.getConversation()).toString())
                    .put("seq", sent.getSeq()));
            return;
        }
        history(ctx, conversation, args.getLong("--after-seq", 0));
    }

    private static void history(CommandContext ctx, String conversation, long afterSeq) {
        GridcastClient client = ctx.connect();
        List<Json> messages = new ArrayList<>();
        ChatResult last = null;
        long after = afterSeq;
        for (int page = 0; page < MAX_PAGES; page++) {
            Chat query = Chat.newBuilder().setConversation(conversation).setHistory(true).setAfterSeq(after).setLimit(PAGE_SIZE).build();
            last = EventCalls.check(ctx.await(client.event(EventCall.newBuilder().setChat(query).build())),
                    EventResult.ResultCase.CHAT).getChat();
            for (ChatMessage m : last.getMessagesList()) {
                messages.add(Json.object().put("seq", m.getSeq()).put("sender", m.getSender())
                        .put("at", EventJson.instant(m.getAtMs())).put("text", m.getText()));
                after = Math.max(after, m.getSeq());
            }
            if (last.getMessagesCount() < PAGE_SIZE) {
                break;
            }
        }
        ctx.print(Json.object().raw("conversation", EventJson.conversation(last.getConversation()).toString())
                .put("peerRead", last.getPeerRead()).raw("messages", Json.objects(messages)));
    }
}
