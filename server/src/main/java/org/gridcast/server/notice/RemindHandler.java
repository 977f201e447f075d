package org.gridcast.server.notice;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.RemindUnread;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;
import org.gridcast.server.text.TextLength;

/**
 * RemindUnread (提醒未读): a point-to-point reminder to every member who has not read the
 * notice, at most once per {@link NoticeLimits#REMIND_COOLDOWN} per notice.
 */
public final class RemindHandler implements RequestHandler {
    static final String KIND_REMINDER = "reminder";

    private final NoticeStore store;
    private final ReceiptAccess access;

    public RemindHandler(NoticeStore store, ReceiptAccess access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        RemindUnread remind = request.getRemindUnread();
        return access.resolve(session, remind.getChannel(), remind.getSeq()).thenCompose(target -> {
            NoticeBody original = target.notice().getBody();
            Notice reminder = Notice.newBuilder()
                    .setSender(session.member())
                    .setSenderName(session.name())
                    .setUnit(target.notice().getUnit())
                    .setKind(KIND_REMINDER)
                    .setBody(NoticeBody.newBuilder()
                            .setTitle(truncate("提醒：" + original.getTitle(), NoticeLimits.MAX_TITLE_CHARS))
                            .setText(original.getText())
                            .setCategory(original.getCategory())
                            .setNeedsConfirm(original.getNeedsConfirm()))
                    .build();
            return store.remindUnread(remind.getChannel(), remind.getSeq(), target.audience(), reminder,
                    NoticeLimits.REMIND_COOLDOWN);
        });
    }

    private static String truncate(String s, int maxCodePoints) {
        return TextLength.truncate(s, maxCodePoints);
    }
}
