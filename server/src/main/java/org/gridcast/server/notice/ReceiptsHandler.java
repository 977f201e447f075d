package org.gridcast.server.notice;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.GetReceipts;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/** GetReceipts: read / unread / confirmed counts and one paged list. */
public final class ReceiptsHandler implements RequestHandler {
    private final NoticeStore store;
    private final ReceiptAccess access;

    public ReceiptsHandler(NoticeStore store, ReceiptAccess access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        GetReceipts ask = request.getGetReceipts();
        int limit = NoticeValidator.receiptsLimit(ask.getLimit());
        return access.resolve(session, ask.getChannel(), ask.getSeq())
                .thenCompose(target -> store.receipts(ask.getChannel(), ask.getSeq(), target.audience(),
                        ask.getList(), ask.getPageToken(), limit));
    }
}
