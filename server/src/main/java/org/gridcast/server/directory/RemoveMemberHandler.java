package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Ok;
import org.gridcast.server.GridcastException;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/** RemoveMember: the member leaves the directory; their live sessions are closed. */
public final class RemoveMemberHandler implements RequestHandler {
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final MemberChanges changes;

    public RemoveMemberHandler(DirectoryStore directory, DirectoryHierarchy hierarchy, MemberChanges changes) {
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.changes = changes;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        String id = request.getRemoveMember().getMember();
        return directory.member(id).thenCompose(found -> {
            MemberInfo member = found.orElseThrow(() -> GridcastException.notFound("unknown member " + id));
            if (!Scope.canRemoveMember(Actors.of(session), member, hierarchy.tree())) {
                throw GridcastException.forbidden("you may not remove " + id);
            }
            return directory.removeMember(id)
                    .thenCompose(removed -> changes.removed(member))
                    .thenApply(v -> Ok.getDefaultInstance());
        });
    }
}
