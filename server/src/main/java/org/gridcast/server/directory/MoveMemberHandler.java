package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.MoveMember;
import org.gridcast.server.GridcastException;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/**
 * MoveMember: a resident changes micro-grid (chosen by acquaintance, not address). The move
 * takes effect on the member's live sessions on every node, is written to the audit log (in the
 * same script as the move) and told to the member in their inbox; a move to the current unit
 * changes, records and tells nothing.
 */
public final class MoveMemberHandler implements RequestHandler {
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final MemberChanges changes;
    private final MoveNotices notices;

    public MoveMemberHandler(DirectoryStore directory, DirectoryHierarchy hierarchy, MemberChanges changes,
                             MoveNotices notices) {
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.changes = changes;
        this.notices = notices;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        MoveMember move = request.getMoveMember();
        UnitTree tree = hierarchy.tree();
        if (!tree.exists(move.getToUnit())) {
            throw GridcastException.notFound("unknown unit " + move.getToUnit());
        }
        MemberInfo actor = Actors.of(session);
        return directory.member(move.getMember()).thenCompose(found -> {
            MemberInfo before = found.orElseThrow(() -> GridcastException.notFound("unknown member " + move.getMember()));
            if (!Scope.canMove(actor, before, move.getToUnit(), tree)) {
                throw GridcastException.forbidden("you may not move " + before.id() + " to " + move.getToUnit());
            }
            // the notice before the broadcast: the member's DirectoryChanged then counts it
            return directory.moveMember(before.id(), move.getToUnit(), actor.id())
                    .thenCompose(after -> told(actor, before, after, tree))
                    .thenCompose(after -> changes.moved(before, after))
                    .thenApply(Protos::page);
        });
    }

    private CompletionStage<MemberInfo> told(MemberInfo actor, MemberInfo before, MemberInfo after, UnitTree tree) {
        if (before.unit().equals(after.unit())) {
            return CompletableFuture.completedFuture(after);
        }
        return notices.tell(actor, before, after, tree).thenApply(v -> after);
    }
}
