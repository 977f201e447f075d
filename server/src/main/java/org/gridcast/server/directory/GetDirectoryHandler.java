package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.GetDirectory;
import org.gridcast.seeds.Role;
import org.gridcast.server.GridcastException;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/**
 * GetDirectory: units and members of a subtree inside the caller's scope, paged. A resident
 * gets only the staff contacts of their chain ({@link StaffContacts}), not their neighbours.
 */
public final class GetDirectoryHandler implements RequestHandler {
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final StaffContacts contacts;

    public GetDirectoryHandler(DirectoryStore directory, DirectoryHierarchy hierarchy) {
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.contacts = new StaffContacts(directory);
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        GetDirectory ask = request.getGetDirectory();
        UnitTree tree = hierarchy.tree();
        String unit = ask.getUnit().isEmpty() ? session.unit() : ask.getUnit();
        if (!tree.exists(unit)) {
            throw GridcastException.notFound("unknown unit " + unit);
        }
        if (session.role() != Role.OPERATOR && !tree.contains(session.unit(), unit)) {
            throw GridcastException.forbidden("unit " + unit + " is outside your scope");
        }
        if (ask.getLimit() > DirectoryStore.MAX_PAGE) {
            throw GridcastException.limit("limit is at most " + DirectoryStore.MAX_PAGE);
        }
        boolean members = ask.getMembers() || !request.getGetDirectory().hasField(
                GetDirectory.getDescriptor().findFieldByName("members"));
        CompletionStage<DirectoryPage> listed = session.role() == Role.RESIDENT
                ? contacts.of(tree, session.unit(), members)
                : directory.page(tree, unit, ask.getPageToken(), ask.getLimit(), members);
        return listed.thenApply(page -> {
            org.gridcast.protocol.DirectoryPage.Builder out = org.gridcast.protocol.DirectoryPage.newBuilder()
                    .setNextPageToken(page.nextPageToken());
            page.units().forEach(u -> out.addUnits(Protos.unit(u)));
            page.members().forEach(m -> out.addMembers(Protos.member(m)));
            return out.build();
        });
    }
}
