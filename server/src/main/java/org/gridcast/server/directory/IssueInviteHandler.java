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

/** IssueInvite: staff of a community hand a resident a one-time code to join a micro-grid. */
public final class IssueInviteHandler implements RequestHandler {
    private final Invites invites;
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;

    public IssueInviteHandler(Invites invites, DirectoryStore directory, DirectoryHierarchy hierarchy) {
        this.invites = invites;
        this.directory = directory;
        this.hierarchy = hierarchy;
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
            unit = directory.member(ask.getMember()).thenApply(found -> {
                MemberInfo member = found.orElseThrow(() -> GridcastException.notFound("unknown member " + ask.getMember()));
                if (!Scope.canIssueInviteFor(actor, member, tree)) {
                    throw GridcastException.forbidden("you may not invite " + member.id());
                }
                return member.unit();
            });
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
        return unit.thenCompose(u -> invites.issue(u, ask.getName(), ask.getMember(), actor.id(), ttl))
                .thenApply(issued -> InviteIssued.newBuilder().setCode(issued.code())
                        .setExpiresAtMs(issued.expiresAtMs()).build());
    }
}
