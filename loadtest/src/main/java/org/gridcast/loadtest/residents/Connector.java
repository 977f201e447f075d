package org.gridcast.loadtest.residents;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.gridcast.client.Backoff;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.net.SourceAddresses;
import org.gridcast.loadtest.retry.Retrying;
import org.gridcast.loadtest.target.Target;

/**
 * Opens residents' connections at the connect rate, each from the next source address, and
 * retries a refused or failed attempt after the client library's full-jitter backoff, as a
 * phone does ({@link Retrying}). Without retries a reconnect storm measured how many phones gave up on the first
 * UNAVAILABLE, not how long the server took to take them all.
 */
public final class Connector {
    /**
     * Reconnect backoff: the client library's full-jitter {@link Backoff}, with a tighter base and
     * cap than a phone's (500 ms, 30 s) so a bounded run does not spend its time waiting. The cap
     * is what spreads a storm of refusals: N residents refused at once come back at about
     * N / (cap / 2) per second, and a refusal by a full node's login admission is cheap.
     */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250), MAX_BACKOFF = Duration.ofSeconds(5);
    /**
     * Default of {@code --connect-give-up}: a resident that could not log in within this long of
     * its first attempt counts as a connect failure. 300 s is longer than the 100,000-member storm
     * took to sync everyone (252.5 s, BENCHMARKS.md) so a resident refused through the whole peak
     * still gets in, and short enough that a dead node ends the run instead of hanging it.
     */
    public static final int DEFAULT_GIVE_UP_SECONDS = 300;
    /** The net under one attempt of any target (Gridcast bounds its own attempts more tightly). */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(90);
    /** Failures printed in full; the rest are only counted. */
    private static final int PRINTED_FAILURES = 5;

    private final Target target;
    private final int connectRate;
    private final SourceAddresses sources;
    private final PrintStream out;
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger printed = new AtomicInteger();
    private final Retrying retrying;

    /** @param giveUp how long one resident keeps trying from its first attempt ({@code --connect-give-up}) */
    public Connector(Target target, int connectRate, SourceAddresses sources, PrintStream out, Duration giveUp) {
        this.target = target;
        this.connectRate = connectRate;
        this.sources = sources;
        this.out = out;
        // attempts are bounded by the give-up time alone: a phone never stops trying
        this.retrying = new Retrying(new Retrying.Policy(
                new Backoff(FIRST_BACKOFF, MAX_BACKOFF, () -> ThreadLocalRandom.current().nextDouble()),
                Integer.MAX_VALUE, giveUp, ATTEMPT_TIMEOUT), Connector::retryable);
    }

    /** Opens every connection at the connect rate; returns how many gave up. */
    public int connectAll(List<Receiver> receivers) {
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>(receivers.size());
        long period = 1_000_000_000L / connectRate;
        long start = System.nanoTime();
        for (int i = 0; i < receivers.size(); i++) {
            long wait = start + i * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            all.add(connectOne(receivers.get(i), failed));
        }
        awaitAll(all);
        return failed.get();
    }

    /** Connects and logs in one resident, retrying until the give-up time; completes either way. */
    public CompletableFuture<Void> connectOne(Receiver r, AtomicInteger failed) {
        return retrying.<Void>run(n -> target.connect(r, sources.next()), (n, e, delay) -> retries.incrementAndGet())
                .handle((v, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        if (printed.getAndIncrement() < PRINTED_FAILURES) {
                            out.println("connect failed for " + r.resident().id() + ": " + e
                                    + (rootCause(e) != e ? " (" + rootCause(e) + ")" : ""));
                        }
                    }
                    return null;
                });
    }

    /** Closes every connection and waits until all are closed. */
    public void cutAll(List<Receiver> receivers) {
        List<CompletableFuture<Void>> cuts = new ArrayList<>();
        for (Receiver r : receivers) {
            cuts.add(target.disconnect(r).exceptionally(e -> null));
        }
        awaitAll(cuts);
    }

    /** Attempts that failed and were tried again. */
    public int retries() {
        return retries.get();
    }

    public static void awaitAll(List<CompletableFuture<Void>> all) {
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
    }

    /** A refused token will be refused again: no point backing off for two minutes. */
    public static boolean retryable(Throwable e) {
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
}
