package org.gridcast.server.notice;

import org.gridcast.protocol.Envelope.BodyCase;
import org.gridcast.server.HandlerModule;
import org.gridcast.server.ServerRuntime;
import org.gridcast.server.directory.DirectoryHierarchy;
import org.gridcast.server.directory.DirectoryStore;
import org.gridcast.server.fanout.MemberBroadcast;
import org.gridcast.server.net.Dispatcher;

/** Registers the notice requests: post, fetch, read, confirm, unread, receipts, remind. */
public final class NoticeModule implements HandlerModule {
    private final NoticeStore store;
    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;
    private final FollowedChannels followed;
    private final NoticeLoginStates states;

    public NoticeModule(NoticeStore store, DirectoryStore directory, DirectoryHierarchy hierarchy,
                        FollowedChannels followed, NoticeLoginStates states) {
        this.store = store;
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.followed = followed;
        this.states = states;
    }

    @Override
    public void register(Dispatcher dispatcher, ServerRuntime runtime) {
        store.loadScripts().toCompletableFuture().join();
        ChannelAccess access = new ChannelAccess(followed);
        BadgeUpdates badges = new BadgeUpdates(store, followed, new MemberBroadcast(runtime.redis(), runtime.nodeBus()));
        ReceiptAccess receipts = new ReceiptAccess(store, directory, hierarchy);
        dispatcher.register(BodyCase.POST_NOTICE, new PostNoticeHandler(store, directory, hierarchy, runtime.metrics()))
                .register(BodyCase.FETCH, new FetchHandler(store, access))
                .register(BodyCase.MARK_READ, new MarkReadHandler(store, access, badges))
                .register(BodyCase.CONFIRM, new ConfirmHandler(store, access, badges))
                .register(BodyCase.GET_UNREAD, new UnreadHandler(states))
                .register(BodyCase.GET_RECEIPTS, new ReceiptsHandler(store, receipts))
                .register(BodyCase.REMIND_UNREAD, new RemindHandler(store, receipts));
    }
}
