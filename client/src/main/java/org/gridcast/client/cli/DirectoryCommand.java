package org.gridcast.client.cli;

import java.util.List;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.DirectoryPage;
import org.gridcast.protocol.Member;
import org.gridcast.protocol.Unit;

/** {@code directory [--unit ID]}: every unit and member of the subtree, one JSON line each. */
public final class DirectoryCommand implements Command {

    /** Entries per page (the server allows up to 1000). */
    static final int PAGE_SIZE = 500;

    /** Stops a server that keeps handing out page tokens; 2,000 pages of 500 is far past a town. */
    static final int MAX_PAGES = 2_000;

    @Override
    public String name() {
        return "directory";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.value("--unit"));
    }

    @Override
    public String usage() {
        return "directory [--unit ID]";
    }

    @Override
    public void run(CommandContext ctx) {
        GridcastClient client = ctx.connect();
        String unit = ctx.args().get("--unit", "");
        String pageToken = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            DirectoryPage result = ctx.await(client.directory(unit, true, pageToken, PAGE_SIZE));
            for (Unit u : result.getUnitsList()) {
                ctx.print(Json.object().put("type", "unit").put("id", u.getId()).put("parent", u.getParent())
                        .put("kind", u.getKind().name()).put("name", u.getName()));
            }
            for (Member m : result.getMembersList()) {
                ctx.print(Json.object().put("type", "member").put("id", m.getId()).put("unit", m.getUnit())
                        .put("role", m.getRole()).put("name", m.getName()));
            }
            pageToken = result.getNextPageToken();
            if (pageToken.isEmpty()) {
                return;
            }
        }
    }
}
