package org.gridcast.loadtest.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.gridcast.loadtest.plan.TownPlan;
import org.junit.jupiter.api.Test;

class ReceiverTest {

    @Test
    void countsOnceTwiceAndNeverExactly() {
        TownPlan plan = TownPlan.of(10);
        Ledger ledger = new Ledger(plan.units().size());
        Receiver r = new Receiver(plan.residents().get(0), ledger);
        int mg = r.resident().topics()[0];
        int town = r.resident().topics()[3];
        for (long seq = 1; seq <= 3; seq++) {
            ledger.onPublish(mg, seq, 0, 10);
        }
        ledger.onPublish(town, 1, 0, 10);
        long now = System.nanoTime();
        r.deliver(mg, 1, now, now);
        r.deliver(mg, 3, now, now);
        r.deliver(mg, 3, now, now);
        r.deliver(town, 1, now, now);
        r.deliver(town, 2, now, now);      // never published
        r.deliver(999, 1, now, now);       // a topic it does not follow

        long[] published = ledger.published();
        assertThat(r.deliveredWithin(published)).isEqualTo(3);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.unexpected(published)).isEqualTo(2);
        assertThat(r.contiguous(mg)).isEqualTo(1);
        assertThat(r.expectedNotices(published)).isEqualTo(4);
        assertThat(ledger.expected()).isEqualTo(40);
        assertThat(ledger.notices()).isEqualTo(4);
    }

    @Test
    void resetTimingsForgetsLatencyButKeepsTheBooks() {
        TownPlan plan = TownPlan.of(10);
        Ledger ledger = new Ledger(plan.units().size());
        Receiver r = new Receiver(plan.residents().get(0), ledger);
        int mg = r.resident().topics()[0];
        long now = System.nanoTime();
        ledger.onPublish(mg, 1, now - 900_000_000L, 1);
        ledger.onPublish(mg, 2, now - 2_000_000L, 1);
        r.deliver(mg, 1, now - 900_000_000L, now);   // a warm-up stall of 900 ms

        ledger.resetTimings();
        assertThat(ledger.latency().getTotalCount()).isZero();
        assertThat(ledger.completion().getTotalCount()).isZero();
        assertThat(ledger.freshDeliveries()).isEqualTo(1);

        r.deliver(mg, 2, now - 2_000_000L, now);
        assertThat(ledger.latency().getTotalCount()).isEqualTo(1);
        assertThat(ledger.latency().getMaxValue()).isBetween(1_990L, 2_010L); // µs
        assertThat(ledger.freshDeliveries()).isEqualTo(2);
        assertThat(r.deliveredWithin(ledger.published())).isEqualTo(2);
    }
}
