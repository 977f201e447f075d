package org.gridcast.loadtest.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscribers of one event loop, touched only from that loop. A notice is written to each
 * as a retained duplicate of the one encoded frame; flushing waits for a task queued behind the
 * writes, so every notice that arrived in the same loop turn leaves in one writev per socket.
 * That coalescing — not the syscall — is what sets the ceiling (DESIGN.md, "The performance bar").
 */
final class LoopFanout {
    private final EventLoop loop;
    private final Map<Integer, List<Channel>> subscribers = new HashMap<>();
    private final Set<Channel> dirty = new LinkedHashSet<>();
    private boolean flushQueued;
    private final Runnable flush = this::flushDirty;

    LoopFanout(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    void subscribe(Channel ch, int topic) {
        subscribers.computeIfAbsent(topic, t -> new ArrayList<>()).add(ch);
    }

    void unsubscribe(Channel ch, int[] topics) {
        for (int t : topics) {
            List<Channel> l = subscribers.get(t);
            if (l != null) {
                l.remove(ch);
            }
        }
        dirty.remove(ch);
    }

    /** Writes {@code frame} to every subscriber of {@code topic} on this loop; releases one reference. */
    void deliver(int topic, ByteBuf frame) {
        try {
            List<Channel> l = subscribers.get(topic);
            if (l == null) {
                return;
            }
            for (int i = 0, n = l.size(); i < n; i++) {
                Channel ch = l.get(i);
                ch.write(frame.retainedDuplicate(), ch.voidPromise());
                dirty.add(ch);
            }
            if (!flushQueued && !dirty.isEmpty()) {
                flushQueued = true;
                loop.execute(flush);
            }
        } finally {
            frame.release();
        }
    }

    private void flushDirty() {
        flushQueued = false;
        for (Channel ch : dirty) {
            ch.flush();
        }
        dirty.clear();
    }
}
