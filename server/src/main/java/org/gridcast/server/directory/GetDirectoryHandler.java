package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.DirectoryPage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.GetDirectory;
import org.gridcast.seeds.Role;
import org.gridcast.server.GridcastException;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/** GetDirectory: units and members of a subtree inside the caller's scope, paged. */
public final class GetDirectoryHandler implements RequestHandler {
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;

    public GetDirectoryHandler(DirectoryStore directory, DirectoryHierarchy hierarchy) {
        this.directory = directory;
        this.hierarchy = hierarchy;
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
        return directory.page(tree, unit, ask.getPageToken(), ask.getLimit(), members).thenApply(page -> {
            DirectoryPage.Builder out = DirectoryPage.newBuilder().setNextPageToken(page.nextPageToken());
            page.units().forEach(u -> out.addUnits(Protos.unit(u)));
            page.members().forEach(m -> out.addMembers(Protos.member(m)));
            return out.build();
        });
    }
}
