package org.gridcast.server.session;

import java.util.List;
import org.gridcast.protocol.ChannelState;

/** A member's followed channels and unread total, for LoginOk and SyncHint. */
public record SyncState(List<ChannelState> channels, long unreadTotal) {
    public static final SyncState EMPTY = new SyncState(List.of(), 0);

    public SyncState {
        channels = List.copyOf(channels);
    }
}
