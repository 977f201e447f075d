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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.gridcast.client.Backoff;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.load.OpenLoopPublisher;
import org.gridcast.loadtest.net.Transport;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.probe.ServerProbe;
import org.gridcast.loadtest.report.Report;
import org.gridcast.loadtest.target.Target;
import org.gridcast.loadtest.target.Targets;

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
    /**
     * Reconnect backoff: the client library's full-jitter {@link Backoff}, with a tighter base and
     * cap than a phone's (500 ms, 30 s) so a bounded run does not spend its time waiting.
     */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250), MAX_BACKOFF = Duration.ofSeconds(5);
    /** A resident that could not log in within this long counts as a connect failure. */
    static final long CONNECT_GIVE_UP_SECONDS = 120;
    /** The net under one attempt of any target (Gridcast bounds its own attempts more tightly). */
    static final long ATTEMPT_TIMEOUT_SECONDS = 90;

    private final Options options;
    private final PrintStream out;
    private final AtomicInteger connectRetries = new AtomicInteger();
    private final Backoff backoff = new Backoff(FIRST_BACKOFF, MAX_BACKOFF, () -> ThreadLocalRandom.current().nextDouble());

    public Run(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Report execute() throws Exception {
        TownPlan plan = TownPlan.of(options.residents());
        Ledger ledger = new Ledger(plan.units().size());
        List<Receiver> receivers = new ArrayList<>(plan.residents().size());
        for (TownPlan.Resident r : plan.residents()) {
            receivers.add(new Receiver(r, ledger));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        String startedAt = Instant.now().toString();
        try (Target target = Targets.create(options.target()); ServerProbe probe = new ServerProbe(out)) {
            target.start(options, plan, ledger);
            long t0 = System.nanoTime();
            int failed = connectAll(target, receivers);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            out.printf("connected %d/%d in %.1f s (%s, %d source addresses)%n",
                    receivers.size() - failed, receivers.size(), connectSeconds, Transport.name(), options.sourceIps().size());
            extra.put("connectFailures", failed);
            extra.put("connectSeconds", round(connectSeconds));
            extra.put("connectRatePerSec", round((receivers.size() - failed) / Math.max(connectSeconds, 1e-9)));

            OpenLoopPublisher publisher = new OpenLoopPublisher(target, plan, ledger, options.payloadBytes(), options.seed());
            ScheduledExecutorService live = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lt-live");
                t.setDaemon(true);
                return t;
            });
            LiveLine line = new LiveLine(out, ledger, receivers.size() - failed);
            live.scheduleAtFixedRate(line::print, 1, 1, TimeUnit.SECONDS);
            if (options.warmupSeconds() > 0) {
                publisher.run(options.level(), options.rate(), options.warmupSeconds());
                drain(ledger);
                ledger.resetTimings();
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
                    case CHURN -> churn(target, receivers, publisher);
                    case STORM -> extra.putAll(storm(target, receivers, publisher, ledger));
                }
                long publishEnd = System.nanoTime();
                drain(ledger);
                probe.after();
                extra.put("publishSeconds", round((publishEnd - publishStart) / 1e9));
                extra.putAll(probe.figures(publisher.notices() - noticesBefore, ledger.freshDeliveries() - deliveredBefore));
            } finally {
                live.shutdownNow();
            }
            extra.put("connectRetries", connectRetries.get());
            long badgeMismatches = target.verify(receivers, ledger.accepted());
            return Report.build(options, plan, ledger, receivers, publisher, target.facts(), extra,
                    publishStart, badgeMismatches, startedAt);
        }
    }

    /** Opens every connection at the connect rate; returns how many failed. */
    private int connectAll(Target target, List<Receiver> receivers) {
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>(receivers.size());
        long period = 1_000_000_000L / options.connectRate();
        long start = System.nanoTime();
        for (int i = 0; i < receivers.size(); i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            all.add(connectOne(target, receivers.get(i), failed));
        }
        awaitAll(all);
        return failed.get();
    }

    /**
     * Connects and logs in one resident; a refused or failed attempt is retried after an
     * exponential backoff with jitter, as a phone does (and as the client library does), until
     * {@link #CONNECT_GIVE_UP_SECONDS}. Without retries a reconnect storm measured how many
     * phones gave up on the first UNAVAILABLE, not how long the server took to take them all.
     */
    private CompletableFuture<Void> connectOne(Target target, Receiver r, AtomicInteger failed) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(target, r, 0, System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_GIVE_UP_SECONDS), failed, done);
        return done;
    }

    private void attempt(Target target, Receiver r, int attempt, long giveUpAt, AtomicInteger failed,
            CompletableFuture<Void> done) {
        CompletableFuture<Void> connected;
        try {
            connected = target.connect(r, options.sourceIps().next());
        } catch (RuntimeException e) {
            connected = CompletableFuture.failedFuture(e); // retried like any failed attempt, never lost
        }
        connected.orTimeout(ATTEMPT_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((v, e) -> {
            if (e == null) {
                done.complete(null);
                return;
            }
            long delay = backoff.delay(attempt).toMillis();
            if (retryable(e) && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) < giveUpAt) {
                connectRetries.incrementAndGet();
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(target, r, attempt + 1, giveUpAt, failed, done));
                return;
            }
            if (failed.getAndIncrement() < 5) {
                out.println("connect failed for " + r.resident().id() + ": " + e + (rootCause(e) != e ? " (" + rootCause(e) + ")" : ""));
            }
            done.complete(null);
        });
    }

    private static void awaitAll(List<CompletableFuture<Void>> all) {
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
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
        LockSupport.parkNanos(200_000_000); // late duplicates still count
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

    /** Every second a share of the clients drops and reconnects, while publishing goes on. */
    private void churn(Target target, List<Receiver> receivers, OpenLoopPublisher publisher) throws Exception {
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
                        .thenCompose(x -> connectOne(target, r, failed)));
            }
            pub.join(1000);
            awaitAll(round);
        }
        if (failed.get() > 0) {
            out.println("churn: " + failed.get() + " reconnects failed");
        }
    }

    /** Cuts every connection at once, keeps posting, reconnects everyone; times the full sync. */
    private Map<String, Object> storm(Target target, List<Receiver> receivers, OpenLoopPublisher publisher, Ledger ledger) {
        publisher.run(options.level(), options.rate(), options.durationSeconds());
        List<CompletableFuture<Void>> cuts = new ArrayList<>();
        for (Receiver r : receivers) {
            cuts.add(target.disconnect(r).exceptionally(e -> null));
        }
        awaitAll(cuts);
        publisher.run(options.level(), options.rate(), STORM_OFFLINE_SECONDS);
        long t0 = System.nanoTime();
        int failed = connectAll(target, receivers);
        drain(ledger);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stormMembers", receivers.size());
        m.put("stormReconnectFailures", failed);
        m.put("stormSynced", ledger.freshDeliveries() == ledger.expected());
        m.put("stormSyncSeconds", round((Math.max(ledger.lastDeliveryNanos(), t0) - t0) / 1e9));
        return m;
    }

    /** A refused token will be refused again: no point backing off for two minutes. */
    private static boolean retryable(Throwable e) {
        String m = String.valueOf(rootCause(e).getMessage());
        return !(m.startsWith("UNAUTHENTICATED") || m.startsWith("REVOKED") || m.startsWith("FORBIDDEN"));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
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
