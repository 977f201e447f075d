package org.gridcast.server.notice;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Cursor;
import org.gridcast.server.session.LoginStateProvider;
import org.gridcast.server.session.Session;
import org.gridcast.server.session.SyncState;

/**
 * LoginOk and SyncHint contents: head, read cursor, start and unread of every followed channel.
 * The device's own delivered cursors are its business: it fetches from them.
 */
public final class NoticeLoginStates implements LoginStateProvider {
    private final NoticeStore store;
    private final FollowedChannels followed;

    public NoticeLoginStates(NoticeStore store, FollowedChannels followed) {
        this.store = store;
        this.followed = followed;
    }

    @Override
    public CompletionStage<SyncState> loginState(Session session, List<Cursor> cursors) {
        return state(session.member(), session.unit());
    }

    public CompletionStage<SyncState> state(String member, String unit) {
        return followed.of(member, unit)
                .thenCompose(channels -> store.states(member, channels))
                .thenApply(states -> new SyncState(states, NoticeStore.unreadTotal(states)));
    }
}
