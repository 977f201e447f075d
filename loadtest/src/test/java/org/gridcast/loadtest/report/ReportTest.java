package org.gridcast.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.gridcast.loadtest.Options;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.load.OpenLoopPublisher;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.residents.Tally;
import org.gridcast.loadtest.target.OutcomeUnknown;
import org.gridcast.seeds.UnitKind;
import org.junit.jupiter.api.Test;

/** The verdict and the post figures, from the books alone (no target is run). */
class ReportTest {
    private final Options options = Options.parse("--target", "gridcast", "--residents", "10", "--level", "town",
            "--rate", "1", "--duration", "1");
    private final TownPlan plan = TownPlan.of(10);
    private final Ledger ledger = new Ledger(plan.units().size());
    private final int town = plan.topics(UnitKind.TOWN)[0];
    private final Map<String, Object> extra = new HashMap<>(Map.of("connectFailures", 0));

    private Report report(long delivered) {
        OpenLoopPublisher publisher = new OpenLoopPublisher(null, plan, ledger, 20, 1);
        return Report.build(options, plan, ledger, new Tally(delivered, 0, 0), publisher, Map.of(), extra,
                System.nanoTime(), 0, "now");
    }

    @Test
    void aPostAckedAfterARetryIsCountedOnceAndTheRunPasses() {
        ledger.onPublish(town, 1, 0, 10);
        ledger.onPublishRetried();

        Report r = report(10);

        assertThat(r.number("retriedPosts")).isEqualTo(1);
        assertThat(r.number("unknownPosts")).isZero();
        assertThat(r.number("expected")).isEqualTo(10);
        assertThat(r.number("lost")).isZero();
        assertThat(r.passed()).isTrue();
        assertThat(r.markdown()).contains("| posts acked after a retry (same client_msg_id) | 1 |");
        assertThat(r.json()).contains("\"retriedPosts\": 1");
    }

    @Test
    void aPostOfUnknownFateIsNeitherExpectedNorARefusalAndFailsTheRun() {
        ledger.onPublish(town, 1, 0, 10);
        ledger.onPublish(town, 2, 0, 10);
        ledger.onPublishFailed(town, 2, 10, new CompletionException(
                new OutcomeUnknown("unacked", new IOException("UNAVAILABLE: storage unavailable; retry"))));

        Report r = report(10);

        assertThat(r.number("unknownPosts")).isEqualTo(1);
        assertThat(r.number("publishErrors")).isZero();
        assertThat(r.get("firstUnknownPost")).isEqualTo("java.io.IOException: UNAVAILABLE: storage unavailable; retry");
        assertThat(r.number("expected")).isEqualTo(10);
        assertThat(ledger.accepted()[town]).isEqualTo(1);
        assertThat(r.passed()).isFalse();
        assertThat(r.markdown()).contains("| posts unacked after every retry (may or may not be stored) | 1 |");
    }

    @Test
    void aRefusedPostIsAPublishError() {
        ledger.onPublish(town, 1, 0, 10);
        ledger.onPublishFailed(town, 1, 10, new IOException("FORBIDDEN: outside your scope"));

        Report r = report(0);

        assertThat(r.number("publishErrors")).isEqualTo(1);
        assertThat(r.number("unknownPosts")).isZero();
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aReconnectThatGaveUpFailsTheRunEvenWithNothingLost() {
        assertThat(report(0).passed()).isTrue();
        extra.put("stormReconnectFailures", 1);
        assertThat(report(0).passed()).isFalse();
        extra.put("stormReconnectFailures", 0);
        extra.put("churnReconnectFailures", 2);
        assertThat(report(0).passed()).isFalse();
        assertThat(report(0).markdown()).contains("| churn: reconnects that gave up | 2 |");
        extra.put("churnReconnectFailures", 0);
        extra.put("connectFailures", 1);
        assertThat(report(0).passed()).isFalse();
    }
}
