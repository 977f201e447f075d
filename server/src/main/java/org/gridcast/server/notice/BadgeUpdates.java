package org.gridcast.server.notice;

import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.node.NodeMessage;
import org.gridcast.protocol.node.ReadMoved;
import org.gridcast.server.fanout.MemberBroadcast;

/**
 * After a member's read cursor moved, tells every device of the member (on every node) the new
 * cursor and badge, so a read on the phone clears the badge on the tablet.
 */
public final class BadgeUpdates {
    private final NoticeStore store;
    private final FollowedChannels followed;
    private final MemberBroadcast broadcast;

    public BadgeUpdates(NoticeStore store, FollowedChannels followed, MemberBroadcast broadcast) {
        this.store = store;
        this.followed = followed;
        this.broadcast = broadcast;
    }

    public CompletionStage<Long> readMoved(String member, String unit, String channel, long read) {
        return followed.of(member, unit)
                .thenCompose(channels -> store.unreadTotal(member, channels))
                .thenCompose(total -> broadcast.send(member, NodeMessage.newBuilder()
                                .setReadMoved(ReadMoved.newBuilder().setMember(member).setChannel(channel)
                                        .setRead(read).setUnreadTotal(total))
                                .build())
                        .thenApply(v -> total));
    }
}
