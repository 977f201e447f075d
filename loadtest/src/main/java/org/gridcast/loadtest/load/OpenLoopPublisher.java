package org.gridcast.loadtest.load;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.plan.Level;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.target.Target;

/**
 * Posts notices on a fixed schedule, whatever the target does: notice i is due at
 * start + i / rate and carries that due time. When the target (or this thread) falls behind,
 * the notice goes out late but keeps its due time, so the delay counts as latency instead of
 * silently lowering the rate (coordinated omission).
 */
public final class OpenLoopPublisher {
    /** Sleeping is coarse (~50–100 µs); spin for the last stretch before a due time. */
    private static final long SPIN_NANOS = 50_000;

    private final Target target;
    private final TownPlan plan;
    private final Ledger ledger;
    private final int payloadBytes;
    private final SplittableRandom random;
    private final long[] seqs;
    private final AtomicLong notices = new AtomicLong();
    private volatile long maxLagNanos;

    public OpenLoopPublisher(Target target, TownPlan plan, Ledger ledger, int payloadBytes, long seed) {
        this.target = target;
        this.plan = plan;
        this.ledger = ledger;
        this.payloadBytes = payloadBytes;
        this.random = new SplittableRandom(seed);
        this.seqs = new long[plan.units().size()];
    }

    /** Publishes at {@code rate} per second for {@code seconds}; returns when the last notice went out. */
    public void run(Level level, double rate, double seconds) {
        long period = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (long i = 0; ; i++) {
            long due = start + i * period;
            if (due >= end) {
                return;
            }
            waitUntil(due);
            long lag = System.nanoTime() - due;
            if (lag > maxLagNanos) {
                maxLagNanos = lag;
            }
            publishOne(level, notices.get(), due);
        }
    }

    private void publishOne(Level level, long index, long due) {
        int topic = plan.pickTopic(level, index, random);
        long seq = ++seqs[topic];
        int audience = plan.audience(topic);
        ledger.onPublish(topic, seq, due, audience);
        notices.incrementAndGet();
        try {
            target.publish(new Stamp(topic, seq, due)).whenComplete((ok, err) -> {
                if (err != null) {
                    ledger.onPublishFailed(topic, seq, audience, err);
                }
            });
        } catch (RuntimeException e) {
            ledger.onPublishFailed(topic, seq, audience, e);
        }
    }

    private static void waitUntil(long due) {
        long left;
        while ((left = due - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(left - SPIN_NANOS);
        }
        while (System.nanoTime() < due) {
            Thread.onSpinWait();
        }
    }

    public long notices() {
        return notices.get();
    }

    public double maxLagMs() {
        return maxLagNanos / 1e6;
    }
}
