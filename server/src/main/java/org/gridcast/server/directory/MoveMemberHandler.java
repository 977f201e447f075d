package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.MoveMember;
import org.gridcast.server.GridcastException;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/**
 * MoveMember: a resident changes micro-grid (chosen by acquaintance, not address). The move
 * takes effect on the member's live sessions on every node.
 */
public final class MoveMemberHandler implements RequestHandler {
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final MemberChanges changes;

    public MoveMemberHandler(DirectoryStore directory, DirectoryHierarchy hierarchy, MemberChanges changes) {
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.changes = changes;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        MoveMember move = request.getMoveMember();
        UnitTree tree = hierarchy.tree();
        if (!tree.exists(move.getToUnit())) {
            throw GridcastException.notFound("unknown unit " + move.getToUnit());
        }
        return directory.member(move.getMember()).thenCompose(found -> {
            MemberInfo before = found.orElseThrow(() -> GridcastException.notFound("unknown member " + move.getMember()));
            if (!Scope.canMove(Actors.of(session), before, move.getToUnit(), tree)) {
                throw GridcastException.forbidden("you may not move " + before.id() + " to " + move.getToUnit());
            }
            return directory.moveMember(before.id(), move.getToUnit())
                    .thenCompose(after -> changes.moved(before, after))
                    .thenApply(Protos::member);
        });
    }
}
