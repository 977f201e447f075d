package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.InviteIssued;
import org.gridcast.protocol.IssueInvite;
import org.gridcast.seeds.UnitKind;
import org.gridcast.server.GridcastException;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/**
 * IssueInvite: staff of a community hand a resident a one-time code to join a micro-grid. An
 * invite for an existing member (a new phone for them) is an operator's job only; every issued
 * invite is written to the audit log.
 */
public final class IssueInviteHandler implements RequestHandler {
    private final Invites invites;
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final DirectoryAudit audit;

    public IssueInviteHandler(Invites invites, DirectoryStore directory, DirectoryHierarchy hierarchy,
                              DirectoryAudit audit) {
        this.invites = invites;
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.audit = audit;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        IssueInvite ask = request.getIssueInvite();
        UnitTree tree = hierarchy.tree();
        MemberInfo actor = Actors.of(session);
        Duration ttl = ask.getTtlHours() == 0 ? Invites.DEFAULT_TTL : Duration.ofHours(ask.getTtlHours());
        if (ttl.compareTo(Invites.MAX_TTL) > 0) {
            throw GridcastException.limit("an invite lives at most " + Invites.MAX_TTL.toHours() + " hours");
        }
        CompletionStage<String> unit;
        if (!ask.getMember().isEmpty()) {
            // Refused before the lookup: who exists is not for non-operators to probe this way.
            if (!Scope.canIssueInviteForMember(actor)) {
                throw GridcastException.forbidden("only an operator may issue an invite for an existing member");
            }
            unit = directory.member(ask.getMember()).thenApply(found ->
                    found.orElseThrow(() -> GridcastException.notFound("unknown member " + ask.getMember())).unit());
        } else {
            boolean microgrid = tree.unit(ask.getUnit()).map(u -> u.kind() == UnitKind.MICROGRID).orElse(false);
            if (!microgrid) {
                throw GridcastException.notFound("invites are to a micro-grid; unknown: " + ask.getUnit());
            }
            if (!Scope.canIssueInvite(actor, ask.getUnit(), tree)) {
                throw GridcastException.forbidden("unit " + ask.getUnit() + " is outside your scope");
            }
            unit = CompletableFuture.completedFuture(ask.getUnit());
        }
        return unit.thenCompose(u -> invites.issue(u, ask.getName(), ask.getMember(), actor.id(), actor.role(), ttl)
                        .thenCompose(issued -> audit.record(new DirectoryAudit.Entry(actor.id(),
                                        DirectoryAudit.Action.INVITE_ISSUE, ask.getMember(), "", u))
                                .thenApply(id -> issued)))
                .thenApply(issued -> InviteIssued.newBuilder().setCode(issued.code())
                        .setExpiresAtMs(issued.expiresAtMs()).build());
    }
}
