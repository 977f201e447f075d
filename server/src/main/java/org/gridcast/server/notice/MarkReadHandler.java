package org.gridcast.server.notice;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.MarkRead;
import org.gridcast.protocol.UnreadPush;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/** MarkRead: raises the member's read cursor and updates the badge on all its devices. */
public final class MarkReadHandler implements RequestHandler {
    private final NoticeStore store;
    private final ChannelAccess access;
    private final BadgeUpdates badges;

    public MarkReadHandler(NoticeStore store, ChannelAccess access, BadgeUpdates badges) {
        this.store = store;
        this.access = access;
        this.badges = badges;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        MarkRead read = request.getMarkRead();
        String channel = read.getChannel();
        return access.requireReadable(session, channel)
                .thenCompose(ok -> store.markRead(session.member(), channel, read.getSeq()))
                .thenCompose(cursor -> badges.readMoved(session.member(), session.unit(), channel, cursor)
                        .thenApply(total -> UnreadPush.newBuilder().setChannel(channel).setRead(cursor)
                                .setUnreadTotal(total).build()));
    }
}
