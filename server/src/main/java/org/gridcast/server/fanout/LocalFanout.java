package org.gridcast.server.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * once; each event loop gets one task that writes the same bytes to all of its sessions in the
 * audience, and the loop's {@link LoopFlusher} flushes each written session once after every
 * notice that arrived in the same loop turn, so the cost per recipient is a buffer reference
 * and a share of one {@code writev}. For a unit notice the loop task itself walks its own
 * sessions of the subtree's units ({@link SessionRegistry#byLoop}): the thread that receives
 * the notice from Redis does work per unit, never per recipient.
 */
public final class LocalFanout {
    /** Visits the sessions of one loop's share of an audience; runs on that loop. */
    private interface Audience {
        void forEach(Consumer<Session> action);
    }

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
                    .thenCompose(members -> push(notice, byLoop(sessionsOf(members))));
        }
        if (Channels.isUnit(channel)) {
            return push(notice, unitAudience(hierarchy.subtree(Channels.id(channel))));
        }
        if (Channels.isInbox(channel)) {
            return push(notice, byLoop(registry.byMember(Channels.id(channel))));
        }
        return CompletableFuture.completedFuture(0);
    }

    /** Per loop that holds any session homed in {@code units}, those sessions. */
    private Map<EventLoop, Audience> unitAudience(List<String> units) {
        Map<EventLoop, Audience> out = new IdentityHashMap<>();
        registry.byLoop().forEach((loop, byUnit) -> {
            if (holdsAny(byUnit, units)) {
                out.put(loop, visitor(byUnit, units));
            }
        });
        return out;
    }

    /** A few map lookups per loop, so a loop with nobody in the subtree is not woken. */
    private static boolean holdsAny(Map<String, Set<Session>> byUnit, List<String> units) {
        for (int i = 0, n = units.size(); i < n; i++) {
            Set<Session> sessions = byUnit.get(units.get(i));
            if (sessions != null && !sessions.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static Audience visitor(Map<String, Set<Session>> byUnit, List<String> units) {
        return action -> {
            for (int i = 0, n = units.size(); i < n; i++) {
                Set<Session> sessions = byUnit.get(units.get(i));
                if (sessions != null) {
                    sessions.forEach(action);
                }
            }
        };
    }

    private List<Session> sessionsOf(List<String> members) {
        List<Session> out = new ArrayList<>();
        for (String m : members) {
            out.addAll(registry.byMember(m));
        }
        return out;
    }

    private static Map<EventLoop, Audience> byLoop(Collection<Session> sessions) {
        Map<EventLoop, List<Session>> groups = new IdentityHashMap<>();
        for (Session s : sessions) {
            groups.computeIfAbsent(s.channel().eventLoop(), k -> new ArrayList<>()).add(s);
        }
        Map<EventLoop, Audience> out = new IdentityHashMap<>();
        groups.forEach((loop, group) -> out.put(loop, group::forEach));
        return out;
    }

    private CompletionStage<Integer> push(Notice notice, Map<EventLoop, Audience> audience) {
        if (audience.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        long start = System.nanoTime();
        ByteBuf frame = Frames.encode(alloc, Envelopes.push(NoticePush.newBuilder().setNotice(notice).build()));
        List<CompletableFuture<Integer>> loops = new ArrayList<>(audience.size());
        try {
            audience.forEach((loop, sessions) -> loops.add(writeOnLoop(loop, sessions, frame.retainedDuplicate())));
        } finally {
            frame.release();
        }
        return CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).thenApply(v -> {
            int written = loops.stream().mapToInt(CompletableFuture::join).sum();
            if (written == 0) {
                return 0; // nobody here follows it: not a fan-out worth timing
            }
            metrics.delivered(written);
            metrics.fanoutDuration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (notice.getPostedAtMs() > 0) {
                long latency = Math.max(0, System.currentTimeMillis() - notice.getPostedAtMs());
                metrics.deliveryLatency().record(latency, TimeUnit.MILLISECONDS);
            }
            return written;
        });
    }

    /** One task per loop: write to each of the loop's sessions in the audience; the loop's flusher flushes them. */
    private CompletableFuture<Integer> writeOnLoop(EventLoop loop, Audience sessions, ByteBuf frame) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        LoopFlusher flusher = flushers.computeIfAbsent(loop, LoopFlusher::new);
        try {
            loop.execute(() -> {
                int[] written = {0};
                try {
                    sessions.forEach(s -> {
                        if (s.write(frame.retainedDuplicate())) {
                            flusher.dirty(s);
                            written[0]++;
                        } else {
                            metrics.pushSkipped();
                        }
                    });
                } finally {
                    frame.release();
                    done.complete(written[0]);
                }
            });
        } catch (RuntimeException rejected) {
            frame.release();
            done.complete(0);
        }
        return done;
    }
}
