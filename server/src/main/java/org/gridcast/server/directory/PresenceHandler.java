package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

/**
 * GetPresence (staff): online members of a unit subtree, and which of named members are online;
 * every named member must be in the caller's scope (FORBIDDEN otherwise).
 */
public final class PresenceHandler implements RequestHandler {
    /** Members asked about in one request. */
    public static final int MAX_MEMBERS = 1_000;

    private final PresenceQuery presence;
    private final DirectoryHierarchy hierarchy;
    private final DirectoryStore directory;

    public PresenceHandler(PresenceQuery presence, DirectoryHierarchy hierarchy, DirectoryStore directory) {
        this.presence = presence;
        this.hierarchy = hierarchy;
        this.directory = directory;
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
        return inScope(session, tree, ask.getMembersList()).thenCompose(v -> answer(unit, ask));
    }

    /**
     * Fails FORBIDDEN unless every asked member is in the caller's scope. An unknown member gets
     * the same answer as one outside it, so the request cannot probe who exists elsewhere; the
     * whole request is refused rather than the member left out, so a client never takes
     * "not allowed to know" for "offline".
     */
    private CompletionStage<Void> inScope(Session session, UnitTree tree, List<String> asked) {
        if (asked.isEmpty() || session.role() == Role.OPERATOR) {
            return CompletableFuture.completedFuture(null);
        }
        return directory.members(asked).thenAccept(found -> {
            Set<String> allowed = new HashSet<>();
            for (MemberInfo m : found) {
                if (tree.contains(session.unit(), m.unit())) {
                    allowed.add(m.id());
                }
            }
            for (String m : asked) {
                if (!allowed.contains(m)) {
                    throw GridcastException.forbidden("member " + m + " is not in your scope");
                }
            }
        });
    }

    private CompletionStage<PresenceInfo> answer(String unit, GetPresence ask) {
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
