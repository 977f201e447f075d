package org.gridcast.server.directory;

import org.gridcast.protocol.DirectoryChanged;
import org.gridcast.protocol.node.MemberMoved;
import org.gridcast.seeds.Role;
import org.gridcast.server.fanout.MemberMovedListener;
import org.gridcast.server.net.Envelopes;
import org.gridcast.server.notice.NoticeLoginStates;
import org.gridcast.server.session.Session;
import org.gridcast.server.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a member's move to this node's live sessions: re-index them under the new home unit
 * (fan-out and presence follow) and send each a DirectoryChanged with its new channels, so the
 * device syncs what it now follows. The session registry is bound once the node runs.
 */
public final class LiveMoves implements MemberMovedListener {
    private static final Logger log = LoggerFactory.getLogger(LiveMoves.class);

    private volatile NoticeLoginStates states;
    private volatile SessionRegistry sessions;

    /** Called once the node runs: moves that arrive earlier find no sessions to change. */
    public void bind(SessionRegistry registry, NoticeLoginStates loginStates) {
        this.states = loginStates;
        this.sessions = registry;
    }

    @Override
    public void memberMoved(MemberMoved moved) {
        SessionRegistry registry = sessions;
        NoticeLoginStates states = this.states;
        if (registry == null || moved.getUnit().isEmpty()) {
            return;
        }
        Role role = Role.valueOf(moved.getRole());
        registry.rehome(moved.getMember(), moved.getUnit(), role);
        states.state(moved.getMember(), moved.getUnit()).whenComplete((state, failure) -> {
            if (failure != null) {
                log.warn("move of {}: states unavailable: {}", moved.getMember(), failure.toString());
                return;
            }
            DirectoryChanged changed = DirectoryChanged.newBuilder().setUnit(moved.getUnit()).setRole(role.name())
                    .addAllChannels(state.channels()).setUnreadTotal(state.unreadTotal()).build();
            for (Session s : registry.byMember(moved.getMember())) {
                s.send(Envelopes.push(changed));
            }
        });
    }
}
