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
}
