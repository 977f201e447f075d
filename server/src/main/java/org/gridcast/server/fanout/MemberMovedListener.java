package org.gridcast.server.fanout;

import org.gridcast.protocol.node.MemberMoved;

/**
 * Told when another node (or this one) publishes that a member's home unit or role changed;
 * the composition root re-homes the member's local sessions and sends DirectoryChanged.
 */
@FunctionalInterface
public interface MemberMovedListener {
    MemberMovedListener IGNORE = moved -> { };

    void memberMoved(MemberMoved moved);
}
