package org.gridcast.loadtest.retry;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The clock and the delays {@link Retrying} runs on: the real ones in a run, a hand-driven one
 * in a test, so a backoff sequence is checked exactly without sleeping.
 */
public interface Timer {
    /** Now, in the units of {@link System#nanoTime()}. */
    long nanoTime();

    /** Runs {@code task} once after {@code delayMillis}; the handle cancels it if it has not run. */
    Cancel schedule(Runnable task, long delayMillis);

    /** Cancels a scheduled task. */
    interface Cancel {
        void cancel();
    }

    /** The real clock; one daemon thread holds the delays and hands each task to the common pool. */
    static Timer system() {
        return SystemTimer.INSTANCE;
    }

    /** The shared real timer. */
    final class SystemTimer implements Timer {
        static final SystemTimer INSTANCE = new SystemTimer();
        private final ScheduledThreadPoolExecutor delays;

        private SystemTimer() {
            delays = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "lt-retry-timer");
                t.setDaemon(true);
                return t;
            });
            // 100,000 residents' attempt timeouts are cancelled as their logins succeed: drop them
            delays.setRemoveOnCancelPolicy(true);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Cancel schedule(Runnable task, long delayMillis) {
            // the timer thread only keeps time: a task (a new connection, a login) runs elsewhere
            var f = delays.schedule(() -> ForkJoinPool.commonPool().execute(task), delayMillis, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }
    }
}
