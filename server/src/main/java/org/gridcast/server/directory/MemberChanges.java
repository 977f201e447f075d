package org.gridcast.server.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.node.KickSession;
import org.gridcast.protocol.node.MemberMoved;
import org.gridcast.protocol.node.NodeMessage;
import org.gridcast.server.fanout.MemberBroadcast;
import org.gridcast.server.notice.FollowedChannels;
import org.gridcast.server.notice.NoticeStore;

/**
 * What follows a change of membership: a member who joins or moves starts following its new
 * units' channels from their current head (old notices of a unit are not theirs), and every
 * node holding the member's sessions is told, so live sessions change at once.
 */
public final class MemberChanges {
    private final NoticeStore notices;
    private final FollowedChannels followed;
    private final MemberBroadcast broadcast;

    public MemberChanges(DirectoryStore directory, NoticeStore notices, FollowedChannels followed,
                         MemberBroadcast broadcast) {
        this.notices = notices;
        this.followed = followed;
        this.broadcast = broadcast;
    }

    public CompletionStage<MemberInfo> joined(MemberInfo member) {
        return notices.follow(member.id(), followed.ofMembership(member.id(), member.unit()))
                .thenApply(states -> member);
    }

    public CompletionStage<MemberInfo> moved(MemberInfo before, MemberInfo after) {
        List<String> fresh = new ArrayList<>(followed.ofMembership(after.id(), after.unit()));
        fresh.removeAll(followed.ofMembership(before.id(), before.unit()));
        return notices.follow(after.id(), fresh)
                .thenCompose(states -> broadcast.send(after.id(), NodeMessage.newBuilder()
                        .setMemberMoved(MemberMoved.newBuilder().setMember(after.id()).setUnit(after.unit())
                                .setRole(after.role().name()))
                        .build()))
                .thenApply(v -> after);
    }

    public CompletionStage<Void> removed(MemberInfo member) {
        return broadcast.send(member.id(), NodeMessage.newBuilder()
                .setKick(KickSession.newBuilder().setMember(member.id()).setReason(ErrorCode.REVOKED))
                .build());
    }
}
