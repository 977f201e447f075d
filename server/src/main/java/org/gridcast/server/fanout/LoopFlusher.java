package org.gridcast.server.fanout;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.gridcast.server.session.Session;

/**
 * Flush coalescing for one event loop, touched only from that loop. The first write of a loop
 * turn queues one flush task; it runs behind every fan-out task already queued, so a burst of
 * notices leaves each socket in one {@code writev} instead of one per notice. Under a fan-out
 * burst the syscall per socket per notice, not the write itself, was the cost that grew with
 * the rate (see BENCHMARKS.md).
 */
final class LoopFlusher {
    private final EventLoop loop;
    private final Set<Session> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Session> dirty = new ArrayList<>();
    private final Runnable flush = this::flushDirty;
    private boolean queued;

    LoopFlusher(EventLoop loop) {
        this.loop = loop;
    }

    /** Marks a session written; call on this flusher's loop only. */
    void dirty(Session session) {
        if (seen.add(session)) {
            dirty.add(session);
        }
        if (!queued) {
            queued = true;
            try {
                loop.execute(flush);
            } catch (RejectedExecutionException shuttingDown) {
                queued = false; // the loop is stopping; its sockets close with it
            }
        }
    }

    private void flushDirty() {
        queued = false;
        for (int i = 0, n = dirty.size(); i < n; i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
        seen.clear();
    }
}
