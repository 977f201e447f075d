package org.gridcast.server.notice;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Confirm;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Ok;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/** Confirm (回执): records the confirmation, which also reads up to the notice. */
public final class ConfirmHandler implements RequestHandler {
    private final NoticeStore store;
    private final ChannelAccess access;
    private final BadgeUpdates badges;

    public ConfirmHandler(NoticeStore store, ChannelAccess access, BadgeUpdates badges) {
        this.store = store;
        this.access = access;
        this.badges = badges;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        Confirm confirm = request.getConfirm();
        String channel = confirm.getChannel();
        return access.requireReadable(session, channel)
                .thenCompose(ok -> store.confirm(session.member(), channel, confirm.getSeq()))
                .thenCompose(newly -> store.states(session.member(), java.util.List.of(channel)))
                .thenCompose(states -> badges.readMoved(session.member(), session.unit(), channel,
                        states.get(0).getRead()))
                .thenApply(total -> Ok.getDefaultInstance());
    }
}
