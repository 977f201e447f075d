package org.gridcast.server.notice;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.server.directory.DirectoryHierarchy;

/**
 * The channels a member follows: the notice channel of its home unit and of every unit above
 * it, its inbox, and its consultations. Derived from the directory each time, so a move
 * changes it at once.
 */
public final class FollowedChannels {
    private final DirectoryHierarchy hierarchy;
    private final ConversationIndex conversations;

    public FollowedChannels(DirectoryHierarchy hierarchy, ConversationIndex conversations) {
        this.hierarchy = hierarchy;
        this.conversations = conversations;
    }

    /** Unit channels and the inbox: what membership alone gives. */
    public List<String> ofMembership(String member, String homeUnit) {
        List<String> ancestors = hierarchy.ancestorsOrSelf(homeUnit);
        List<String> channels = new ArrayList<>(ancestors.size() + 1);
        for (String unit : ancestors) {
            channels.add(Channels.unit(unit));
        }
        channels.add(Channels.inbox(member));
        return channels;
    }

    public CompletionStage<List<String>> of(String member, String homeUnit) {
        List<String> membership = ofMembership(member, homeUnit);
        return conversations.conversationsOf(member).thenApply(ids -> {
            List<String> all = new ArrayList<>(membership.size() + ids.size());
            all.addAll(membership);
            for (String id : ids) {
                all.add(Channels.conversation(id));
            }
            return all;
        });
    }

    /** True when the member may read the channel: one it follows, or its own outbox. */
    public CompletionStage<Boolean> mayRead(String member, String homeUnit, String channel) {
        if (Channels.isUnit(channel)) {
            return done(hierarchy.ancestorsOrSelf(homeUnit).contains(Channels.id(channel)));
        }
        if (Channels.isInbox(channel) || Channels.isOutbox(channel)) {
            return done(Channels.id(channel).equals(member));
        }
        if (Channels.isConversation(channel)) {
            String id = Channels.id(channel);
            return conversations.conversationsOf(member).thenApply(ids -> ids.contains(id));
        }
        return done(false);
    }

    private static CompletionStage<Boolean> done(boolean value) {
        return java.util.concurrent.CompletableFuture.completedFuture(value);
    }
}
