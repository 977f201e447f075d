package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.GetPresence;
import org.gridcast.protocol.PresenceInfo;
import org.gridcast.seeds.Role;
import org.gridcast.server.GridcastException;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.presence.PresenceQuery;
import org.gridcast.server.session.Session;

/** GetPresence (staff): online members of a unit subtree, and which of named members are online. */
public final class PresenceHandler implements RequestHandler {
    /** Members asked about in one request. */
    public static final int MAX_MEMBERS = 1_000;

    private final PresenceQuery presence;
    private final DirectoryHierarchy hierarchy;

    public PresenceHandler(PresenceQuery presence, DirectoryHierarchy hierarchy) {
        this.presence = presence;
        this.hierarchy = hierarchy;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        GetPresence ask = request.getGetPresence();
        if (!session.role().isStaff()) {
            throw GridcastException.forbidden("presence is for staff");
        }
        if (ask.getMembersCount() > MAX_MEMBERS) {
            throw GridcastException.limit("at most " + MAX_MEMBERS + " members per request");
        }
        String unit = ask.getUnit().isEmpty() ? session.unit() : ask.getUnit();
        UnitTree tree = hierarchy.tree();
        if (!tree.exists(unit)) {
            throw GridcastException.notFound("unknown unit " + unit);
        }
        if (session.role() != Role.OPERATOR && !tree.contains(session.unit(), unit)) {
            throw GridcastException.forbidden("unit " + unit + " is outside your scope");
        }
        List<CompletableFuture<Boolean>> online = new ArrayList<>();
        for (String m : ask.getMembersList()) {
            online.add(presence.isOnline(m).toCompletableFuture());
        }
        return presence.onlineCount(unit).thenCombine(CompletableFuture.allOf(online.toArray(CompletableFuture[]::new)),
                (count, all) -> {
                    PresenceInfo.Builder out = PresenceInfo.newBuilder().setOnlineMembers(count);
                    for (int i = 0; i < online.size(); i++) {
                        if (online.get(i).join()) {
                            out.addOnline(ask.getMembers(i));
                        }
                    }
                    return out.build();
                });
    }
}
