package org.gridcast.client.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Receipts;

/**
 * {@code receipts --channel C --seq S [--list read|unread|confirmed]}: counts, and with --list the
 * whole list, paged.
 */
public final class ReceiptsCommand implements Command {

    /** Members per page (the server allows up to 1000). */
    static final int PAGE_SIZE = 1000;

    /** Stops a server that keeps handing out page tokens. */
    static final int MAX_PAGES = 1000;

    @Override
    public String name() {
        return "receipts";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--channel"), Option.value("--seq"), Option.value("--list"));
    }

    @Override
    public String usage() {
        return "receipts --channel C --seq S [--list read|unread|confirmed]";
    }

    @Override
    public void run(CommandContext ctx) {
        String channel = ctx.args().require("--channel");
        long seq = ctx.args().requireLong("--seq");
        ReceiptList list = parseList(ctx.args().get("--list", null));
        GridcastClient client = ctx.connect();
        Receipts first = ctx.await(client.receipts(channel, seq, list, "", PAGE_SIZE));
        Json out = Json.object().put("members", first.getMembers()).put("read", first.getRead())
                .put("unread", first.getUnread()).put("confirmed", first.getConfirmed());
        if (list != ReceiptList.RECEIPT_LIST_NONE) {
            List<String> members = new ArrayList<>(first.getListList());
            String token = first.getNextPageToken();
            for (int page = 1; page < MAX_PAGES && !token.isEmpty(); page++) {
                Receipts next = ctx.await(client.receipts(channel, seq, list, token, PAGE_SIZE));
                members.addAll(next.getListList());
                token = next.getNextPageToken();
            }
            out.raw("list", Json.array(members));
        }
        ctx.print(out);
    }

    static ReceiptList parseList(String value) {
        if (value == null) {
            return ReceiptList.RECEIPT_LIST_NONE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "read" -> ReceiptList.READ;
            case "unread" -> ReceiptList.UNREAD;
            case "confirmed" -> ReceiptList.CONFIRMED;
            default -> throw CliException.badArgs("--list must be read, unread or confirmed: " + value);
        };
    }
}
