package org.gridcast.server.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticePush;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.net.Envelopes;
import org.gridcast.server.net.Frames;
import org.gridcast.server.notice.Channels;
import org.gridcast.server.session.Session;
import org.gridcast.server.session.SessionRegistry;

/**
 * Pushes a stored notice to this node's sessions in its audience. The push frame is encoded
 * once; each event loop gets one task that writes the same bytes to all of its sessions, and
 * the loop's {@link LoopFlusher} flushes each written session once after every notice that
 * arrived in the same loop turn, so the cost per recipient is a buffer reference and a share
 * of one {@code writev}.
 */
public final class LocalFanout {
    private final SessionRegistry registry;
    private final UnitHierarchy hierarchy;
    private final ConversationParties parties;
    private final GridcastMetrics metrics;
    private final ByteBufAllocator alloc;
    private final Map<EventLoop, LoopFlusher> flushers = new ConcurrentHashMap<>();

    public LocalFanout(SessionRegistry registry, UnitHierarchy hierarchy, ConversationParties parties,
            GridcastMetrics metrics, ByteBufAllocator alloc) {
        this.registry = registry;
        this.hierarchy = hierarchy;
        this.parties = parties;
        this.metrics = metrics;
        this.alloc = alloc;
    }

    /** Delivers to the notice channel's local audience; completes with the sessions written to. */
    public CompletionStage<Integer> deliver(Notice notice) {
        String channel = notice.getChannel();
        if (Channels.isConversation(channel)) {
            return parties.parties(Channels.id(channel))
                    .thenCompose(members -> push(notice, sessionsOf(members)));
        }
        return push(notice, audience(channel));
    }

    /** Sessions on this node that follow the channel (conversations excluded: see deliver). */
    List<Session> audience(String channel) {
        List<Session> out = new ArrayList<>();
        if (Channels.isUnit(channel)) {
            for (String unit : hierarchy.subtree(Channels.id(channel))) {
                out.addAll(registry.byUnit(unit));
            }
        } else if (Channels.isInbox(channel)) {
            out.addAll(registry.byMember(Channels.id(channel)));
        }
        return out;
    }

    private List<Session> sessionsOf(List<String> members) {
        List<Session> out = new ArrayList<>();
        for (String m : members) {
            out.addAll(registry.byMember(m));
        }
        return out;
    }

    private CompletionStage<Integer> push(Notice notice, Collection<Session> sessions) {
        if (sessions.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        long start = System.nanoTime();
        Map<EventLoop, List<Session>> byLoop = new IdentityHashMap<>();
        for (Session s : sessions) {
            byLoop.computeIfAbsent(s.channel().eventLoop(), k -> new ArrayList<>()).add(s);
        }
        ByteBuf frame = Frames.encode(alloc, Envelopes.push(NoticePush.newBuilder().setNotice(notice).build()));
        List<CompletableFuture<Integer>> loops = new ArrayList<>(byLoop.size());
        try {
            byLoop.forEach((loop, group) -> loops.add(writeOnLoop(loop, group, frame.retainedDuplicate())));
        } finally {
            frame.release();
        }
        return CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).thenApply(v -> {
            int written = loops.stream().mapToInt(CompletableFuture::join).sum();
            metrics.delivered(written);
            metrics.fanoutDuration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (notice.getPostedAtMs() > 0) {
                long latency = Math.max(0, System.currentTimeMillis() - notice.getPostedAtMs());
                metrics.deliveryLatency().record(latency, TimeUnit.MILLISECONDS);
            }
            return written;
        });
    }

    /** One task per loop: write to each session of the loop; the loop's flusher flushes them. */
    private CompletableFuture<Integer> writeOnLoop(EventLoop loop, List<Session> group, ByteBuf frame) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        LoopFlusher flusher = flushers.computeIfAbsent(loop, LoopFlusher::new);
        try {
            loop.execute(() -> {
                int written = 0;
                try {
                    for (Session s : group) {
                        if (s.write(frame.retainedDuplicate())) {
                            flusher.dirty(s);
                            written++;
                        } else {
                            metrics.pushSkipped();
                        }
                    }
                } finally {
                    frame.release();
                    done.complete(written);
                }
            });
        } catch (RuntimeException rejected) {
            frame.release();
            done.complete(0);
        }
        return done;
    }
}
