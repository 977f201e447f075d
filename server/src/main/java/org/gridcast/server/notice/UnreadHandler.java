package org.gridcast.server.notice;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.UnreadCounts;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/** GetUnread: the exact badge, per channel and in total. */
public final class UnreadHandler implements RequestHandler {
    private final NoticeLoginStates states;

    public UnreadHandler(NoticeLoginStates states) {
        this.states = states;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        return states.state(session.member(), session.unit()).thenApply(state -> {
            UnreadCounts.Builder counts = UnreadCounts.newBuilder().setTotal(state.unreadTotal());
            for (ChannelState c : state.channels()) {
                if (c.getUnread() > 0) {
                    counts.putChannels(c.getChannel(), c.getUnread());
                }
            }
            return counts.build();
        });
    }
}
