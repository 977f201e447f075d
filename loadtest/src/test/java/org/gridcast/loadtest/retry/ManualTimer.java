package org.gridcast.loadtest.retry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A timer that moves only when told: tasks run on the test's thread, in due order. */
public final class ManualTimer implements Timer {
    private long now;
    private long order;
    private final List<Task> tasks = new ArrayList<>();

    private static final class Task {
        final long due;
        final long order;
        final Runnable body;
        boolean cancelled;

        Task(long due, long order, Runnable body) {
            this.due = due;
            this.order = order;
            this.body = body;
        }
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancel schedule(Runnable task, long delayMillis) {
        Task t = new Task(now + TimeUnit.MILLISECONDS.toNanos(delayMillis), order++, task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    /** Moves the clock forward by {@code millis}, running every task that falls due on the way. */
    public void advance(long millis) {
        long until = now + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            Task next = tasks.stream().filter(t -> !t.cancelled && t.due <= until)
                    .min(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.order)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due);
            next.body.run();
        }
        now = until;
    }

    public long millis() {
        return TimeUnit.NANOSECONDS.toMillis(now);
    }

    /** Tasks still waiting (not run, not cancelled). */
    public long pending() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }
}
