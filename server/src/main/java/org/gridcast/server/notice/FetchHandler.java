package org.gridcast.server.notice;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Fetch;
import org.gridcast.protocol.FetchResult;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/** Fetch: a page of a followed channel; sync and gap repair both come through here. */
public final class FetchHandler implements RequestHandler {
    private final NoticeStore store;
    private final ChannelAccess access;

    public FetchHandler(NoticeStore store, ChannelAccess access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        Fetch fetch = request.getFetch();
        int limit = NoticeValidator.fetchLimit(fetch.getLimit());
        String channel = fetch.getChannel();
        return access.requireReadable(session, channel)
                .thenCompose(ok -> store.fetch(channel, fetch.getAfterSeq(), limit))
                .thenCombine(store.states(session.member(), java.util.List.of(channel)), (notices, states) ->
                        FetchResult.newBuilder().setChannel(channel).addAllNotices(notices)
                                .setHead(states.get(0).getHead()).build());
    }
}
