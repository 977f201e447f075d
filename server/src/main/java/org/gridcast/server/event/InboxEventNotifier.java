package org.gridcast.server.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.EventUpdate;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.server.notice.NoticeStore;

/**
 * Event changes reach people through their inboxes ({@code i:<member>}): the same channel, push,
 * sync and unread badge as a point-to-point notice, so an event update is never lost either.
 */
public final class InboxEventNotifier implements EventNotifier {
    static final String KIND_EVENT = "event";

    private final NoticeStore notices;

    public InboxEventNotifier(NoticeStore notices) {
        this.notices = notices;
    }

    @Override
    public CompletionStage<Void> notify(Collection<String> members, EventUpdate update, String dedupeId) {
        Notice draft = Notice.newBuilder()
                .setKind(KIND_EVENT)
                .setSender(update.getActor())
                .setBody(NoticeBody.newBuilder()
                        .setTitle("事件 " + update.getId() + " " + update.getState())
                        .setText(update.getNote())
                        .setCategory(update.getCategory()))
                .setExtra(update.toByteString())
                .build();
        List<CompletableFuture<?>> sent = new ArrayList<>(members.size());
        for (String member : members) {
            sent.add(notices.appendToInbox(member, draft, dedupeId).toCompletableFuture());
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }
}
