package org.gridcast.loadtest.account;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.gridcast.loadtest.target.OutcomeUnknown;

/**
 * The run's shared book: what was published per topic, the latency of every delivery and the
 * fan-out completion time of every notice. Latency goes to one recorder per receiving thread
 * (no contention on the hot path); the reporter merges them each second and at the end.
 *
 * <p>Latency is measured from the notice's intended send time, not from when the publisher
 * managed to send it, so a stalled target cannot hide its stall (coordinated omission).
 */
public final class Ledger {
    /** Highest latency the histograms hold: one hour, in microseconds. */
    private static final long MAX_MICROS = 3_600_000_000L;
    private static final int DIGITS = 3;

    private final AtomicLongArray published;
    private final LongAdder expected = new LongAdder();
    private final LongAdder fresh = new LongAdder();
    private final LongAdder repeats = new LongAdder();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();
    private final Map<Long, Track> inFlight = new ConcurrentHashMap<>();
    private final List<SingleWriterRecorder> recorders = new CopyOnWriteArrayList<>();
    private final ThreadLocal<SingleWriterRecorder> mine = ThreadLocal.withInitial(this::newRecorder);
    private final Recorder completion = new Recorder(MAX_MICROS, DIGITS);
    private final Histogram latencyTotal = new Histogram(MAX_MICROS, DIGITS);
    private final Histogram completionTotal = new Histogram(MAX_MICROS, DIGITS);
    private final LongAdder publishErrors = new LongAdder();
    private final LongAdder retriedPosts = new LongAdder();
    private final LongAdder unknownPosts = new LongAdder();
    private volatile String firstUnknownPost;
    private final LongAdder notices = new LongAdder();
    private final AtomicLongArray rejected;
    private volatile String firstPublishError;
    private volatile Remote remote = Remote.NONE;
    /**
     * In a worker process, which publishes nothing: per notice key, {deliveries here, latest
     * receive time}, so the coordinator can tell when a notice reached its last recipient
     * wherever that one lives. Null in a run that publishes itself.
     */
    private final Map<Long, long[]> reached;

    /**
     * Deliveries counted in other processes ({@code --processes}): their running totals, added
     * to this ledger's own so that the drain and the live line see every resident.
     */
    public interface Remote {
        Remote NONE = new Remote() {
            @Override
            public long fresh() {
                return 0;
            }

            @Override
            public long repeats() {
                return 0;
            }

            @Override
            public long lastDeliveryNanos() {
                return 0;
            }
        };

        long fresh();

        long repeats();

        /** {@link System#nanoTime()} of the latest delivery: comparable across JVMs of one Linux host (CLOCK_MONOTONIC). */
        long lastDeliveryNanos();
    }

    private record Track(long intendedNanos, AtomicInteger remaining) {
    }

    public Ledger(int topics) {
        this(topics, false);
    }

    /** @param receivesOnly a worker's ledger: it keeps per-notice arrivals for the coordinator */
    public Ledger(int topics, boolean receivesOnly) {
        this.published = new AtomicLongArray(topics);
        this.rejected = new AtomicLongArray(topics);
        this.reached = receivesOnly ? new ConcurrentHashMap<>() : null;
    }

    private SingleWriterRecorder newRecorder() {
        SingleWriterRecorder r = new SingleWriterRecorder(MAX_MICROS, DIGITS);
        recorders.add(r);
        return r;
    }

    /** Called by the publisher just before it sends notice (topic, seq) to {@code audience} receivers. */
    public void onPublish(int topic, long seq, long intendedNanos, int audience) {
        if (audience > 0) {
            inFlight.put(key(topic, seq), new Track(intendedNanos, new AtomicInteger(audience)));
        }
        published.accumulateAndGet(topic, seq, Math::max);
        notices.increment();
        expected.add(audience);
    }

    /**
     * The target refused or failed the notice: it is not expected anywhere (and the run fails,
     * through {@link #publishErrors()}); the first reason is kept for the report. A notice whose
     * fate is unknown ({@link OutcomeUnknown}: unacked after every retry, maybe stored) is taken
     * out of the expectations the same way, since nothing says it was stored, but counted apart
     * in {@link #unknownPosts()}: the run fails on it too, and its lost and badge figures may be
     * off by that notice's audience.
     */
    public void onPublishFailed(int topic, long seq, int audience, Throwable reason) {
        Throwable why = reason instanceof CompletionException && reason.getCause() != null ? reason.getCause() : reason;
        if (why instanceof OutcomeUnknown) {
            if (unknownPosts.sum() == 0) {
                firstUnknownPost = String.valueOf(why.getCause() != null ? why.getCause() : why);
            }
            unknownPosts.increment();
        } else {
            if (publishErrors.sum() == 0 && why != null) {
                firstPublishError = String.valueOf(why.getCause() != null ? why.getCause() : why);
            }
            publishErrors.increment();
        }
        rejected.incrementAndGet(topic);
        expected.add(-audience);
        inFlight.remove(key(topic, seq));
    }

    /**
     * The target acked a notice only after retrying it (with the same client message id, so the
     * target stored it once): booked by {@link #onPublish} already, counted here as well.
     */
    public void onPublishRetried() {
        retriedPosts.increment();
    }

    /** Notices acked after at least one retry. */
    public long retriedPosts() {
        return retriedPosts.sum();
    }

    /** Notices never acked although an attempt may have stored them. */
    public long unknownPosts() {
        return unknownPosts.sum();
    }

    /** Why the first unknown notice's last attempt failed; null when there was none. */
    public String firstUnknownPost() {
        return firstUnknownPost;
    }

    public String firstPublishError() {
        return firstPublishError;
    }

    /** Notices each topic really holds: published minus refused. */
    public long[] accepted() {
        long[] out = published();
        for (int i = 0; i < out.length; i++) {
            out[i] -= rejected.get(i);
        }
        return out;
    }

    void onDelivery(int topic, long seq, long intendedNanos, long receivedNanos, boolean isFresh) {
        if (!isFresh) {
            repeats.increment();
            return;
        }
        fresh.increment();
        long micros = Math.max(0, (receivedNanos - intendedNanos) / 1_000);
        mine.get().recordValue(Math.min(micros, MAX_MICROS));
        lastDeliveryNanos.accumulateAndGet(receivedNanos, Math::max);
        if (reached != null) {
            reached.compute(key(topic, seq), (k, v) -> {
                long[] r = v == null ? new long[2] : v;
                r[0]++;
                r[1] = Math.max(r[1], receivedNanos);
                return r;
            });
            return;
        }
        Track t = inFlight.get(key(topic, seq));
        if (t != null && t.remaining().decrementAndGet() == 0) {
            inFlight.remove(key(topic, seq));
            completion.recordValue(Math.min(MAX_MICROS, Math.max(0, (receivedNanos - t.intendedNanos()) / 1_000)));
        }
    }

    public void remote(Remote remote) {
        this.remote = remote;
    }

    /** A worker's per-notice arrivals: key, deliveries, latest receive time (see {@link #remoteArrivals}). */
    public List<long[]> arrivals() {
        List<long[]> out = new java.util.ArrayList<>();
        reached.forEach((k, v) -> out.add(new long[] {k, v[0], v[1]}));
        return out;
    }

    /**
     * The workers' arrivals added up per notice: a notice whose deliveries reach its audience
     * completed at the latest of their receive times.
     */
    public synchronized void remoteArrivals(Map<Long, long[]> perNotice) {
        perNotice.forEach((key, v) -> {
            Track t = inFlight.get(key);
            if (t != null && v[0] == t.remaining().get()) {
                inFlight.remove(key);
                completion.recordValue(Math.min(MAX_MICROS, Math.max(0, (v[1] - t.intendedNanos()) / 1_000)));
            }
        });
    }

    /** Latencies recorded elsewhere (a worker process's, at the end of the run). */
    public synchronized void addLatency(Histogram h) {
        drainInterval();
        latencyTotal.add(h);
    }

    private static long key(int topic, long seq) {
        return ((long) topic << 40) | seq;
    }

    /** Moves what was recorded since the last call into the totals; returns that interval's latency. */
    public synchronized Histogram drainInterval() {
        Histogram interval = new Histogram(MAX_MICROS, DIGITS);
        for (SingleWriterRecorder r : recorders) {
            interval.add(r.getIntervalHistogram());
        }
        latencyTotal.add(interval);
        completionTotal.add(completion.getIntervalHistogram());
        return interval;
    }

    /**
     * Forgets the latencies recorded so far (after a warm-up: the JIT compiles the delivery
     * path during the first seconds, and those stalls say nothing about the steady state).
     * Delivery counts are kept: warm-up notices are still checked for loss and duplicates.
     */
    public synchronized void resetTimings() {
        drainInterval();
        if (reached != null) {
            reached.clear(); // warm-up notices, all delivered by now (the run drained first)
        }
        latencyTotal.reset();
        completionTotal.reset();
    }

    public synchronized Histogram latency() {
        drainInterval();
        return latencyTotal.copy();
    }

    public synchronized Histogram completion() {
        drainInterval();
        return completionTotal.copy();
    }

    public long[] published() {
        long[] out = new long[published.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = published.get(i);
        }
        return out;
    }

    public long notices() {
        return notices.sum();
    }

    public long expected() {
        return expected.sum();
    }

    public long freshDeliveries() {
        return fresh.sum() + remote.fresh();
    }

    public long repeatedDeliveries() {
        return repeats.sum() + remote.repeats();
    }

    public long publishErrors() {
        return publishErrors.sum();
    }

    public long lastDeliveryNanos() {
        long here = lastDeliveryNanos.get();
        long there = remote.lastDeliveryNanos();
        return here == 0 ? there : there == 0 ? here : Math.max(here, there);
    }

    /** Notices some receiver is still waiting for. */
    public int incompleteNotices() {
        return inFlight.size();
    }
}
