package org.gridcast.server.notice;

import com.google.protobuf.Message;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.protocol.PostNotice;
import org.gridcast.server.GridcastException;
import org.gridcast.server.directory.Actors;
import org.gridcast.server.directory.DirectoryHierarchy;
import org.gridcast.server.directory.DirectoryStore;
import org.gridcast.server.directory.MemberInfo;
import org.gridcast.server.directory.Scope;
import org.gridcast.server.directory.UnitTree;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/**
 * PostNotice: checks limits and scope (from the session, never the message), stores the notice
 * once, and acks only after Redis has it. The store's script publishes it to the nodes that
 * hold its audience, this one included.
 */
public final class PostNoticeHandler implements RequestHandler {
    private final NoticeStore store;
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final GridcastMetrics metrics;

    public PostNoticeHandler(NoticeStore store, DirectoryStore directory, DirectoryHierarchy hierarchy,
                             GridcastMetrics metrics) {
        this.store = store;
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        PostNotice post = request.getPostNotice();
        NoticeValidator.check(post);
        MemberInfo sender = Actors.of(session);
        if (!sender.role().isStaff()) {
            throw GridcastException.forbidden("residents cannot post notices");
        }
        Notice draft = Notice.newBuilder()
                .setSender(sender.id())
                .setSenderName(sender.name())
                .setBody(post.getBody())
                .setKind(NoticeStore.KIND_NOTICE)
                .build();
        CompletionStage<Posted> posted = post.hasTo()
                ? postDirect(sender, post.getTo().getMembersList(), draft, post.getClientMsgId())
                : postToUnit(sender, post.getUnit(), draft, post.getClientMsgId());
        return posted.thenApply(p -> {
            if (!p.duplicate()) {
                metrics.noticesPosted().increment();
            }
            return NoticePosted.newBuilder().setChannel(p.channel()).setSeq(p.seq())
                    .setDuplicate(p.duplicate()).setRecipients(p.recipients()).build();
        });
    }

    private CompletionStage<Posted> postToUnit(MemberInfo sender, String unit, Notice draft, String clientMsgId) {
        UnitTree tree = hierarchy.tree();
        if (!tree.exists(unit)) {
            throw GridcastException.notFound("unknown unit " + unit);
        }
        if (!Scope.canPostTo(sender, unit, tree)) {
            throw GridcastException.forbidden("unit " + unit + " is outside your scope");
        }
        return store.postToUnit(unit, draft.toBuilder().setUnit(unit).build(), clientMsgId);
    }

    private CompletionStage<Posted> postDirect(MemberInfo sender, List<String> to, Notice draft, String clientMsgId) {
        UnitTree tree = hierarchy.tree();
        return directory.members(to).thenCompose(found -> {
            if (found.size() != to.size()) {
                throw GridcastException.notFound("unknown recipient among " + to.size());
            }
            for (MemberInfo target : found) {
                if (!Scope.canReachMember(sender, target, tree)) {
                    throw GridcastException.forbidden("member " + target.id() + " is outside your scope");
                }
            }
            return store.postDirect(sender.id(), to, draft, clientMsgId);
        });
    }
}
