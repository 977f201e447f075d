package org.gridcast.server.notice;

import java.util.concurrent.CompletionStage;
import org.gridcast.server.GridcastException;
import org.gridcast.server.session.Session;

/** Refuses reads and cursor moves on channels the session's member does not follow. */
public final class ChannelAccess {
    private final FollowedChannels followed;

    public ChannelAccess(FollowedChannels followed) {
        this.followed = followed;
    }

    public CompletionStage<Boolean> requireReadable(Session session, String channel) {
        if (channel.isEmpty() || channel.length() > NoticeLimits.MAX_CHANNEL_CHARS) {
            throw GridcastException.badRequest("channel must be 1 to " + NoticeLimits.MAX_CHANNEL_CHARS + " characters");
        }
        return followed.mayRead(session.member(), session.unit(), channel).thenApply(ok -> {
            if (!ok) {
                throw GridcastException.forbidden("you do not follow " + channel);
            }
            return true;
        });
    }
}
