package org.gridcast.loadtest.worker;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gridcast.loadtest.Options;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.gridcast.GridcastTarget;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.residents.LocalResidents;
import org.gridcast.loadtest.residents.Residents;

/**
 * One worker process of {@code --processes K}: {@code LoadTest worker INDEX COUNT RUN OPTIONS...}.
 * It builds the same town as its coordinator, holds residents INDEX, INDEX + COUNT, ... of it,
 * connects them when told, counts what they receive exactly as a single-process run does, and
 * answers in {@link WorkerLine}s on stdout. It posts nothing: the coordinator does.
 */
public final class Worker {
    private final PrintStream protocol;
    private final Ledger ledger;
    private final TownPlan plan;
    private final GridcastTarget target;
    private final LocalResidents residents;

    private Worker(int index, int count, String run, Options options, PrintStream protocol, PrintStream log)
            throws Exception {
        this.protocol = protocol;
        this.plan = TownPlan.of(options.residents());
        this.ledger = new Ledger(plan.units().size(), true);
        List<Receiver> mine = new ArrayList<>();
        for (TownPlan.Resident r : plan.residents()) {
            if (r.index() % count == index) {
                mine.add(new Receiver(r, ledger));
            }
        }
        this.target = new GridcastTarget(run, false);
        target.start(options, plan, ledger);
        this.residents = new LocalResidents(target, mine, ledger, options.connectRate(), options.sourceIps(),
                Duration.ofSeconds(options.connectGiveUpSeconds()), log);
    }

    public static void main(String[] args) throws Exception {
        // stdout carries the protocol alone; anything else printed goes to the log on stderr
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream log = System.err;
        System.setOut(log);
        int index = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("worker " + index + " of " + count);
        }
        Options options = Options.parse(Arrays.copyOfRange(args, 3, args.length));
        Worker w = new Worker(index, count, args[2], options, protocol, log);
        try {
            w.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        } finally {
            w.target.close();
        }
        System.exit(0);
    }

    private void serve(BufferedReader commands) throws Exception {
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lt-worker-progress");
            t.setDaemon(true);
            return t;
        });
        progress.scheduleAtFixedRate(() -> say(WorkerLine.PROGRESS + " " + ledger.freshDeliveries() + " "
                + ledger.repeatedDeliveries() + " " + ledger.lastDeliveryNanos()),
                WorkerLine.PROGRESS_MILLIS, WorkerLine.PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
        say(WorkerLine.STARTED);
        try {
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case WorkerLine.CONNECT -> {
                        int failed = residents.connectAll();
                        say(WorkerLine.CONNECTED + " " + failed + " " + residents.connectRetries());
                    }
                    case WorkerLine.CUT -> {
                        residents.cutAll();
                        say(WorkerLine.CUT);
                    }
                    case WorkerLine.RESET -> {
                        residents.resetTimings();
                        say(WorkerLine.RESET);
                    }
                    case WorkerLine.FINISH -> {
                        finish(words);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown command " + words[0]);
                }
            }
            // stdin closed: the coordinator is gone, and so is the reason to hold connections
        } finally {
            progress.shutdownNow();
        }
    }

    private void finish(String[] words) throws Exception {
        int topics = plan.units().size();
        long[] published = WorkerLine.longs(words[1], topics);
        long[] accepted = WorkerLine.longs(words[2], topics);
        Residents.Result result = residents.finish(published, accepted);
        Object fetched = target.facts().getOrDefault("noticesFetchedOnSync", 0L);
        say(WorkerLine.RESULT + " " + result.tally().delivered() + " " + result.tally().duplicates() + " "
                + result.tally().unexpected() + " " + result.badgeMismatches() + " " + residents.connectRetries()
                + " " + fetched + " " + Histograms.encode(ledger.latency()) + " " + arrivals());
    }

    /** "key:deliveries:latest,..." per notice its residents received ("-" for none). */
    private String arrivals() {
        StringBuilder sb = new StringBuilder();
        for (long[] a : ledger.arrivals()) {
            sb.append(sb.isEmpty() ? "" : ",").append(a[0]).append(':').append(a[1]).append(':').append(a[2]);
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }

    private synchronized void say(String line) {
        protocol.println(line);
    }
}
