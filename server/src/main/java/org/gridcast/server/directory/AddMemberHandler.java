package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.AddMember;
import org.gridcast.protocol.Envelope;
import org.gridcast.seeds.Role;
import org.gridcast.server.GridcastException;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/** AddMember: a leader adds a neighbour to their micro-grid; staff add members in scope. */
public final class AddMemberHandler implements RequestHandler {
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final MemberChanges changes;

    public AddMemberHandler(DirectoryStore directory, DirectoryHierarchy hierarchy, MemberChanges changes) {
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.changes = changes;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        AddMember add = request.getAddMember();
        UnitTree tree = hierarchy.tree();
        if (!tree.exists(add.getUnit())) {
            throw GridcastException.notFound("unknown unit " + add.getUnit());
        }
        Role role = parseRole(add.getRole());
        if (!Scope.canAddMember(Actors.of(session), add.getUnit(), role, tree)) {
            throw GridcastException.forbidden("you may not add a " + role + " to " + add.getUnit());
        }
        String id = add.getMember().isEmpty() ? DirectoryStore.newMemberId(add.getUnit()) : add.getMember();
        return directory.addMember(new MemberInfo(id, add.getUnit(), role, add.getName(), add.getTag(), 0))
                .thenCompose(changes::joined)
                .thenApply(Protos::member);
    }

    static Role parseRole(String role) {
        if (role.isEmpty()) {
            return Role.RESIDENT;
        }
        try {
            return Role.valueOf(role);
        } catch (IllegalArgumentException e) {
            throw GridcastException.badRequest("unknown role " + role);
        }
    }
}
