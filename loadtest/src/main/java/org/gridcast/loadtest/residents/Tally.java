package org.gridcast.loadtest.residents;

import java.util.List;
import org.gridcast.loadtest.account.Receiver;

/**
 * What the residents received, counted against what was published: seqs within the published
 * range seen once, seen again, and seen outside it.
 */
public record Tally(long delivered, long duplicates, long unexpected) {
    public static Tally of(List<Receiver> receivers, long[] published) {
        long delivered = 0, duplicates = 0, unexpected = 0;
        for (Receiver r : receivers) {
            delivered += r.deliveredWithin(published);
            duplicates += r.duplicates();
            unexpected += r.unexpected(published);
        }
        return new Tally(delivered, duplicates, unexpected);
    }

    public Tally plus(Tally o) {
        return new Tally(delivered + o.delivered, duplicates + o.duplicates, unexpected + o.unexpected);
    }
}
