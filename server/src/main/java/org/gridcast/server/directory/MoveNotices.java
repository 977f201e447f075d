package org.gridcast.server.directory;

import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.server.notice.NoticeStore;

/**
 * Tells a moved member who moved them, from where to where, in their inbox ({@code i:<member>}):
 * the same channel, push, sync and badge as any point-to-point notice, so a member whose
 * micro-grid was changed behind their back finds out on their next sync.
 */
public final class MoveNotices {
    /** Notice kind of a directory change, beside "notice", "reminder", "event". */
    public static final String KIND = "directory";
    public static final String TITLE = "微网格调整";

    private final NoticeStore notices;

    public MoveNotices(NoticeStore notices) {
        this.notices = notices;
    }

    /** 「您已由<actor>从<from>调整到<to>」 with unit names as the phones show them. */
    public static String text(MemberInfo actor, String from, String to, UnitTree tree) {
        String who = actor.name().isEmpty() ? actor.id() : actor.name();
        return "您已由" + who + "从" + unitName(tree, from) + "调整到" + unitName(tree, to);
    }

    public CompletionStage<Void> tell(MemberInfo actor, MemberInfo before, MemberInfo after, UnitTree tree) {
        Notice draft = Notice.newBuilder().setKind(KIND).setSender(actor.id()).setSenderName(actor.name())
                .setBody(NoticeBody.newBuilder().setTitle(TITLE).setText(text(actor, before.unit(), after.unit(), tree)))
                .build();
        // A repeated move request changes nothing and tells nobody, so one fresh id per move is enough.
        return notices.appendToInbox(after.id(), draft, "move:" + UUID.randomUUID()).thenApply(posted -> null);
    }

    private static String unitName(UnitTree tree, String unit) {
        return tree.unit(unit).map(UnitInfo::name).filter(n -> !n.isEmpty()).orElse(unit);
    }
}
