package org.gridcast.server.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Cursor;

/**
 * Channel states of a session's member: for LoginOk, and for the SyncHint a lagging session
 * gets once it drains. Supplied by the composition root (the notice store knows heads and
 * cursors).
 */
public interface LoginStateProvider {
    /** Answers every channel as empty; for a server without the notice store. */
    LoginStateProvider EMPTY = (session, cursors) -> CompletableFuture.completedFuture(SyncState.EMPTY);

    /** @param cursors what the device says it already holds (may be empty) */
    CompletionStage<SyncState> loginState(Session session, List<Cursor> cursors);

    /** The state for a SyncHint; by default the same as at login without cursors. */
    default CompletionStage<SyncState> syncState(Session session) {
        return loginState(session, List.of());
    }
}
