package org.gridcast.server.event.deadline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gridcast.protocol.EventUpdate;
import org.gridcast.server.event.EventAudience;
import org.gridcast.server.event.EventDirectory;
import org.gridcast.server.event.EventNotifier;
import org.gridcast.server.event.EventRecord;
import org.gridcast.server.event.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadline timer: raises yellow and red flags when an event's acceptance or resolution limit
 * nears or passes, and reminds the handler and the level above. Any number of nodes may run it:
 * raising a flag is an idempotent script, and reminders carry a dedupe id per (event, phase, level).
 */
public final class DeadlineSweeper {
    /** Events looked at per run: bounded work; the next run continues where this one stopped. */
    public static final int BATCH = 200;
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineSweeper.class);

    private final EventStore store;
    private final EventNotifier notifier;
    private final EventAudience audience;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    public DeadlineSweeper(EventStore store, EventDirectory directory, EventNotifier notifier, Clock clock) {
        this.store = store;
        this.notifier = notifier;
        this.audience = new EventAudience(directory);
        this.clock = clock;
    }

    /** One pass over the events that are due; completes with the number of flags raised. */
    public CompletionStage<Integer> sweepOnce() {
        long now = clock.millis();
        return store.dueForFlags(now, BATCH).thenCompose(ids -> {
            List<CompletableFuture<Integer>> each = new ArrayList<>();
            for (String id : ids) {
                each.add(store.raiseFlag(id, now).thenCompose(level -> level == 0
                        ? CompletableFuture.completedFuture(0)
                        : remind(id, level, now).thenApply(v -> 1)).toCompletableFuture());
            }
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                    .thenApply(v -> each.stream().mapToInt(CompletableFuture::join).sum());
        });
    }

    private CompletionStage<Void> remind(String id, int level, long now) {
        return store.get(id).thenCompose(r -> {
            if (r.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            EventRecord e = r.get();
            String phase = e.state().phase().name().toLowerCase(java.util.Locale.ROOT);
            EventUpdate update = EventUpdate.newBuilder().setId(id).setState(e.state().name()).setKind("flag")
                    .setActor("system").setAtMs(now).setOverdue(EventRecord.flagName(level))
                    .setCategory(e.get(EventRecord.CATEGORY)).setNote(phase + " limit " + (level == 2 ? "passed" : "near"))
                    .build();
            return audience.reminded(e).thenCompose(members ->
                    notifier.notify(List.copyOf(members), update, "flag:" + id + ":" + phase + ":" + level + ":"
                            + e.currentDeadline()));
        });
    }

    /** Runs {@link #sweepOnce()} every {@code periodMs} on {@code timer}; a run never overlaps the previous one. */
    public ScheduledFuture<?> start(ScheduledExecutorService timer, long periodMs) {
        return timer.scheduleWithFixedDelay(() -> {
            if (!running.compareAndSet(false, true)) {
                return;
            }
            sweepOnce().whenComplete((n, e) -> {
                running.set(false);
                if (e != null) {
                    LOG.warn("deadline sweep failed: {}", e.toString());
                }
            });
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }
}
