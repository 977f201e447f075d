package org.gridcast.loadtest;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.gridcast.GridcastTarget;
import org.gridcast.loadtest.load.OpenLoopPublisher;
import org.gridcast.loadtest.net.Transport;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.probe.ServerProbe;
import org.gridcast.loadtest.report.Report;
import org.gridcast.loadtest.residents.Connector;
import org.gridcast.loadtest.residents.LocalResidents;
import org.gridcast.loadtest.residents.Residents;
import org.gridcast.loadtest.target.Target;
import org.gridcast.loadtest.target.Targets;
import org.gridcast.loadtest.worker.Workers;

/**
 * One run: build the town, start the target, connect every resident at the connect rate,
 * publish on the open-loop schedule for the mode, wait for the stragglers, count.
 */
public final class Run {
    /** In a reconnect storm, how long the publishers keep posting while everyone is offline. */
    public static final int STORM_OFFLINE_SECONDS = 5;
    /** Ramp: each step's rate is the previous one's times this. */
    public static final double RAMP_FACTOR = 1.5;
    /** Ramp: stop after this many steps even if the bound still holds. */
    public static final int RAMP_MAX_STEPS = 12;

    private final Options options;
    private final PrintStream out;

    public Run(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Report execute() throws Exception {
        TownPlan plan = TownPlan.of(options.residents());
        Ledger ledger = new Ledger(plan.units().size());
        Map<String, Object> extra = new LinkedHashMap<>();
        String startedAt = Instant.now().toString();
        try (Target target = Targets.create(options.target()); ServerProbe probe = new ServerProbe(out);
             Residents residents = residents(target, plan, ledger)) {
            long t0 = System.nanoTime();
            int failed = residents.connectAll();
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            int connected = plan.residents().size() - failed;
            out.printf("connected %d/%d in %.1f s (%s, %s, %d source addresses, %d process%s)%n",
                    connected, plan.residents().size(), connectSeconds, options.transport().label(), Transport.name(),
                    options.sourceIps().size(), options.processes(), options.processes() == 1 ? "" : "es");
            extra.put("connectFailures", failed);
            extra.put("connectSeconds", round(connectSeconds));
            extra.put("connectRatePerSec", round(connected / Math.max(connectSeconds, 1e-9)));

            OpenLoopPublisher publisher = new OpenLoopPublisher(target, plan, ledger, options.payloadBytes(), options.seed());
            ScheduledExecutorService live = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lt-live");
                t.setDaemon(true);
                return t;
            });
            LiveLine line = new LiveLine(out, ledger, connected);
            live.scheduleAtFixedRate(line::print, 1, 1, TimeUnit.SECONDS);
            if (options.warmupSeconds() > 0) {
                publisher.run(options.level(), options.rate(), options.warmupSeconds());
                drain(ledger);
                residents.resetTimings();
                extra.put("warmupSeconds", options.warmupSeconds());
                extra.put("warmupDeliveries", ledger.freshDeliveries());
                out.printf("warm-up: %d s at %.1f notices/s, %d deliveries; timings reset%n",
                        options.warmupSeconds(), options.rate(), ledger.freshDeliveries());
            }
            // the load phase, for the server's own figures: after the warm-up, up to the end of the drain
            probe.before(target.serverEndpoints());
            long noticesBefore = publisher.notices();
            long deliveredBefore = ledger.freshDeliveries();
            long publishStart = System.nanoTime();
            try {
                switch (options.mode()) {
                    case STEADY -> publisher.run(options.level(), options.rate(), options.durationSeconds());
                    case RAMP -> extra.put("ramp", ramp(publisher, ledger));
                    case CHURN -> extra.put("churnReconnectFailures", churn((LocalResidents) residents, target, publisher));
                    case STORM -> extra.putAll(storm(residents, plan.residents().size(), publisher, ledger));
                }
                long publishEnd = System.nanoTime();
                drain(ledger);
                probe.after();
                extra.put("publishSeconds", round((publishEnd - publishStart) / 1e9));
                extra.putAll(probe.figures(publisher.notices() - noticesBefore, ledger.freshDeliveries() - deliveredBefore));
            } finally {
                live.shutdownNow();
            }
            Residents.Result result = residents.finish(ledger.published(), ledger.accepted());
            extra.put("connectRetries", residents.connectRetries());
            Map<String, Object> facts = new LinkedHashMap<>(target.facts());
            facts.putAll(residents.facts());
            return Report.build(options, plan, ledger, result.tally(), publisher, facts, extra,
                    publishStart, result.badgeMismatches(), startedAt);
        }
    }

    /**
     * Starts the target, then the residents: in this JVM, or with {@code --processes K} in K
     * worker processes that reach the same nodes (the embedded server's, once it runs).
     */
    private Residents residents(Target target, TownPlan plan, Ledger ledger) throws Exception {
        target.start(options, plan, ledger);
        if (options.processes() > 1) {
            GridcastTarget g = (GridcastTarget) target; // Options allows --processes with gridcast only
            return Workers.start(options, g.nodes(), g.dataDir(), g.runTag(), ledger, out);
        }
        List<Receiver> receivers = new ArrayList<>(plan.residents().size());
        for (TownPlan.Resident r : plan.residents()) {
            receivers.add(new Receiver(r, ledger));
        }
        return new LocalResidents(target, receivers, ledger, options.connectRate(), options.sourceIps(),
                Duration.ofSeconds(options.connectGiveUpSeconds()), out);
    }

    /** Waits until every expected delivery arrived, or the drain time passed without progress. */
    private void drain(Ledger ledger) {
        long deadline = System.nanoTime() + options.drainSeconds() * 1_000_000_000L;
        long last = -1;
        while (ledger.freshDeliveries() < ledger.expected() && System.nanoTime() < deadline) {
            long now = ledger.freshDeliveries();
            if (now != last) {
                // progress: give the target the full drain time again from here
                deadline = System.nanoTime() + options.drainSeconds() * 1_000_000_000L;
                last = now;
            }
            LockSupport.parkNanos(20_000_000);
        }
        // late duplicates still count; workers report every 100 ms, so wait a little more for theirs
        LockSupport.parkNanos(options.processes() > 1 ? 500_000_000 : 200_000_000);
    }

    /** Steps the rate up until a step's p99 passes the bound; returns every step's figures. */
    private List<Map<String, Object>> ramp(OpenLoopPublisher publisher, Ledger ledger) {
        List<Map<String, Object>> steps = new ArrayList<>();
        double rate = options.rate();
        for (int step = 0; step < RAMP_MAX_STEPS; step++) {
            Histogram before = ledger.latency();
            long freshBefore = ledger.freshDeliveries();
            long t0 = System.nanoTime();
            publisher.run(options.level(), rate, options.durationSeconds());
            drain(ledger);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Histogram stepHist = ledger.latency();
            stepHist.subtract(before);
            double p99 = stepHist.getValueAtPercentile(99) / 1000.0;
            boolean holds = p99 <= options.latencyBoundMs() && ledger.freshDeliveries() == ledger.expected();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("rate", rate);
            s.put("deliveriesPerSec", round((ledger.freshDeliveries() - freshBefore) / seconds));
            s.put("p99Ms", p99);
            s.put("holds", holds);
            steps.add(s);
            out.printf("ramp step %d: rate %.1f/s p99 %.2f ms %s%n", step + 1, rate, p99, holds ? "holds" : "breaks the bound");
            if (!holds) {
                break;
            }
            rate *= RAMP_FACTOR;
        }
        return steps;
    }

    /**
     * Every second a share of the clients drops and reconnects, while publishing goes on; returns
     * how many reconnects gave up (each leaves a resident offline, which fails the run).
     */
    private int churn(LocalResidents residents, Target target, OpenLoopPublisher publisher) throws Exception {
        List<Receiver> receivers = residents.receivers();
        SplittableRandom random = new SplittableRandom(options.seed() + 7);
        Thread pub = new Thread(() -> publisher.run(options.level(), options.rate(), options.durationSeconds()), "lt-publisher");
        pub.start();
        int perSecond = (int) Math.round(receivers.size() * options.churnShare());
        AtomicInteger failed = new AtomicInteger();
        while (pub.isAlive()) {
            List<CompletableFuture<Void>> round = new ArrayList<>();
            for (int i = 0; i < perSecond; i++) {
                Receiver r = receivers.get(random.nextInt(receivers.size()));
                round.add(target.disconnect(r).exceptionally(e -> null)
                        .thenCompose(x -> residents.connector().connectOne(r, failed)));
            }
            pub.join(1000);
            Connector.awaitAll(round);
        }
        if (failed.get() > 0) {
            out.println("churn: " + failed.get() + " reconnects failed");
        }
        return failed.get();
    }

    /** Cuts every connection at once, keeps posting, reconnects everyone; times the full sync. */
    private Map<String, Object> storm(Residents residents, int members, OpenLoopPublisher publisher, Ledger ledger)
            throws Exception {
        publisher.run(options.level(), options.rate(), options.durationSeconds());
        residents.cutAll();
        publisher.run(options.level(), options.rate(), STORM_OFFLINE_SECONDS);
        long t0 = System.nanoTime();
        int failed = residents.connectAll();
        double reconnectSeconds = (System.nanoTime() - t0) / 1e9;
        drain(ledger);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stormMembers", members);
        m.put("stormReconnectFailures", failed);
        m.put("stormReconnectSeconds", round(reconnectSeconds));
        m.put("stormSynced", ledger.freshDeliveries() == ledger.expected());
        m.put("stormSyncSeconds", round((Math.max(ledger.lastDeliveryNanos(), t0) - t0) / 1e9));
        return m;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The line printed each second. */
    private static final class LiveLine {
        private final PrintStream out;
        private final Ledger ledger;
        private final int connections;
        private final long t0 = System.nanoTime();
        private long lastFresh;
        private long lastNotices;

        LiveLine(PrintStream out, Ledger ledger, int connections) {
            this.out = out;
            this.ledger = ledger;
            this.connections = connections;
        }

        void print() {
            try {
                Histogram h = ledger.drainInterval();
                long fresh = ledger.freshDeliveries();
                long notices = ledger.notices();
                out.printf("t=%3ds conns=%d notices/s=%d deliveries/s=%d p99=%.2fms outstanding=%d dup=%d%n",
                        (System.nanoTime() - t0) / 1_000_000_000L, connections, notices - lastNotices, fresh - lastFresh,
                        h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(99) / 1000.0,
                        ledger.expected() - fresh, ledger.repeatedDeliveries());
                lastFresh = fresh;
                lastNotices = notices;
            } catch (RuntimeException e) {
                out.println("live line failed: " + e);
            }
        }
    }
}
