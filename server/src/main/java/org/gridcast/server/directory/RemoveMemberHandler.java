package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Ok;
import org.gridcast.server.GridcastException;
import org.gridcast.server.auth.Revocations;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/**
 * RemoveMember: the member leaves the directory; every token issued to them until now is revoked
 * and their live sessions are closed on every node.
 */
public final class RemoveMemberHandler implements RequestHandler {
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final MemberChanges changes;
    private final Revocations revocations;

    public RemoveMemberHandler(DirectoryStore directory, DirectoryHierarchy hierarchy, MemberChanges changes,
                               Revocations revocations) {
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.changes = changes;
        this.revocations = revocations;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        String id = request.getRemoveMember().getMember();
        return directory.member(id).thenCompose(found -> {
            MemberInfo member = found.orElseThrow(() -> GridcastException.notFound("unknown member " + id));
            if (!Scope.canRemoveMember(Actors.of(session), member, hierarchy.tree())) {
                throw GridcastException.forbidden("you may not remove " + id);
            }
            // revoke first: once it is written no token issued until now logs in again, so a
            // member re-added later under the same id starts from a new invite, and the kick it
            // publishes closes the member's sessions on every node
            return revocations.revokeMember(id)
                    .thenCompose(v -> directory.removeMember(id))
                    .thenCompose(removed -> changes.removed(member))
                    .thenApply(v -> Ok.getDefaultInstance());
        });
    }
}
