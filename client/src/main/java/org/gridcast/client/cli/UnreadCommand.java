package org.gridcast.client.cli;

import java.util.List;
import java.util.TreeMap;
import org.gridcast.protocol.UnreadCounts;

/** {@code unread}: prints {@code {"total":N,"channels":{"C":N,...}}} (channels sorted). */
public final class UnreadCommand implements Command {

    @Override
    public String name() {
        return "unread";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public String usage() {
        return "unread";
    }

    @Override
    public void run(CommandContext ctx) {
        UnreadCounts counts = ctx.await(ctx.connect().unread());
        ctx.print(Json.object().put("total", counts.getTotal())
                .raw("channels", Json.numbers(new TreeMap<>(counts.getChannelsMap()))));
    }
}
