package org.gridcast.loadtest.account;

import java.util.BitSet;
import org.gridcast.loadtest.plan.TownPlan;

/**
 * One subscriber's own book: which (topic, seq) it has seen, and how often it saw one twice.
 * Written by the one I/O thread that owns its connection; read at the end, after the run has
 * stopped, under the same lock (uncontended, so cheap).
 */
public final class Receiver {
    private final TownPlan.Resident resident;
    private final Ledger ledger;
    private final BitSet[] seen;
    private long duplicates;
    private long unexpected;
    /** Whatever the target keeps per connection (its channel, a Lettuce connection, …). */
    private volatile Object connection;

    public Receiver(TownPlan.Resident resident, Ledger ledger) {
        this.resident = resident;
        this.ledger = ledger;
        this.seen = new BitSet[resident.topics().length];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = new BitSet();
        }
    }

    public TownPlan.Resident resident() {
        return resident;
    }

    public Object connection() {
        return connection;
    }

    public void connection(Object c) {
        this.connection = c;
    }

    /** Accounts one delivery; {@code receivedNanos} is {@link System#nanoTime()} at arrival. */
    public void deliver(int topic, long seq, long intendedNanos, long receivedNanos) {
        deliver(topic, seq, intendedNanos, receivedNanos, false);
    }

    /**
     * As {@link #deliver(int, long, long, long)}; {@code synced} marks an entry the client fetched
     * itself after a reconnect, which may overlap pushes by design (the client deduplicates by
     * (channel, seq)), so a repeat of it is not the server's duplicate.
     */
    public void deliver(int topic, long seq, long intendedNanos, long receivedNanos, boolean synced) {
        int slot = slot(topic);
        boolean fresh;
        synchronized (this) {
            if (slot < 0 || seq <= 0 || seq > Integer.MAX_VALUE) {
                unexpected++;
                fresh = false;
            } else if (seen[slot].get((int) seq)) {
                if (!synced) {
                    duplicates++;
                }
                fresh = false;
            } else {
                seen[slot].set((int) seq);
                fresh = true;
            }
        }
        if (fresh || !synced) {
            ledger.onDelivery(topic, seq, intendedNanos, receivedNanos, fresh);
        }
    }

    /** Highest seq of a topic this receiver holds without a gap below it (its sync cursor). */
    public synchronized long contiguous(int topic) {
        int slot = slot(topic);
        return slot < 0 ? 0 : Math.max(0, seen[slot].nextClearBit(1) - 1);
    }

    private int slot(int topic) {
        int[] topics = resident.topics();
        for (int i = 0; i < topics.length; i++) {
            if (topics[i] == topic) {
                return i;
            }
        }
        return -1;
    }

    /** Seqs in [1, published[topic]] this receiver got, over every topic it follows. */
    public synchronized long deliveredWithin(long[] published) {
        long n = 0;
        int[] topics = resident.topics();
        for (int i = 0; i < topics.length; i++) {
            long max = published[topics[i]];
            BitSet b = seen[i];
            n += max >= Integer.MAX_VALUE ? b.cardinality() : b.get(1, (int) max + 1).cardinality();
        }
        return n;
    }

    /** Seqs beyond what was published count as unexpected too. */
    public synchronized long unexpected(long[] published) {
        long n = unexpected;
        int[] topics = resident.topics();
        for (int i = 0; i < topics.length; i++) {
            int max = (int) Math.min(Integer.MAX_VALUE - 1, published[topics[i]]);
            n += seen[i].get(max + 1, Integer.MAX_VALUE).cardinality();
        }
        return n;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    /** Expected unread on this member's notice channels: every seq published to what it follows. */
    public long expectedNotices(long[] published) {
        long n = 0;
        for (int t : resident.topics()) {
            n += published[t];
        }
        return n;
    }
}
