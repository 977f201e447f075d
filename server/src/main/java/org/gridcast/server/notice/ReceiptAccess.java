package org.gridcast.server.notice;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;
import org.gridcast.server.GridcastException;
import org.gridcast.server.directory.Actors;
import org.gridcast.server.directory.DirectoryHierarchy;
import org.gridcast.server.directory.DirectoryStore;
import org.gridcast.server.directory.MemberInfo;
import org.gridcast.server.directory.Scope;
import org.gridcast.server.directory.UnitTree;
import org.gridcast.server.session.Session;

/**
 * Who may see a notice's read list, and who its audience is. Receipts are asked on the unit
 * channel ({@code u:}) or, for a point-to-point post, on the sender's outbox ({@code o:}).
 * The sender and staff whose scope holds the notice's unit (or the sender's unit) may look.
 */
public final class ReceiptAccess {
    /** A notice and the members it was meant for (empty for outbox entries: the store knows them). */
    public record Target(Notice notice, List<String> audience) {
    }

    private final NoticeStore store;
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;

    public ReceiptAccess(NoticeStore store, DirectoryStore directory, DirectoryHierarchy hierarchy) {
        this.store = store;
        this.directory = directory;
        this.hierarchy = hierarchy;
    }

    public CompletionStage<Target> resolve(Session session, String channel, long seq) {
        if (!Channels.isUnit(channel) && !Channels.isOutbox(channel)) {
            throw GridcastException.badRequest("receipts are kept for unit channels and outboxes, not " + channel);
        }
        MemberInfo actor = Actors.of(session);
        if (!actor.role().isStaff()) {
            throw GridcastException.forbidden("read lists are for staff");
        }
        return store.notice(channel, seq).thenCompose(found -> {
            Notice notice = found.orElseThrow(() -> GridcastException.notFound(channel + " has no entry " + seq));
            return directory.member(notice.getSender()).thenCompose(sender -> {
                UnitTree tree = hierarchy.tree();
                String unit = Channels.isUnit(channel) ? Channels.id(channel) : sender.map(MemberInfo::unit).orElse("");
                boolean allowed = notice.getSender().equals(actor.id())
                        || (sender.isPresent() && Scope.canSeeReceipts(actor, sender.get(), unit, tree))
                        || (sender.isEmpty() && tree.exists(unit) && tree.contains(actor.unit(), unit));
                if (!allowed) {
                    throw GridcastException.forbidden("only the sender and staff above may see this read list");
                }
                if (Channels.isOutbox(channel)) {
                    return CompletableFuture.completedFuture(new Target(notice, List.of()));
                }
                return directory.memberIdsOfSubtree(tree, unit).thenApply(ids -> new Target(notice, ids));
            });
        });
    }

}
