package org.gridcast.loadtest.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gridcast.loadtest.LoadTest;
import org.gridcast.loadtest.Options;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.residents.Residents;
import org.gridcast.loadtest.residents.Tally;

/**
 * The coordinator's side of {@code --processes K}: K worker JVMs (this JVM's java and class
 * path), each holding every K-th resident, so no process holds more connections than its open
 * files allow. Their running totals feed the run's {@link Ledger} (the drain waits on them);
 * at the end their counts add up and their latency histograms merge into the one report.
 */
public final class Workers implements Residents, Ledger.Remote {
    /** Longest wait for one answer; a connect of a worker's share or its badge check can take minutes. */
    static final long ANSWER_TIMEOUT_SECONDS = 900;

    private final List<Handle> handles = new ArrayList<>();
    private final Ledger ledger;
    private final int residents;
    private int retries;
    private long fetched;

    /** One worker process: its stdin, its answers, its latest running totals. */
    private static final class Handle {
        final int index;
        final Process process;
        final Writer commands;
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        volatile long fresh, repeats, lastDelivery;

        Handle(int index, Process process) {
            this.index = index;
            this.process = process;
            this.commands = process.outputWriter(StandardCharsets.UTF_8);
        }
    }

    private Workers(Ledger ledger, int residents) {
        this.ledger = ledger;
        this.residents = residents;
    }

    /**
     * Starts the workers and waits until each has built its town and reached the nodes.
     *
     * @param nodes where residents connect (the embedded server's address when the run started one)
     * @param data  the data dir whose secret signs the tokens
     * @param run   the run tag of the notices the coordinator posts
     */
    public static Workers start(Options options, List<InetSocketAddress> nodes, Path data, String run, Ledger ledger,
                                PrintStream out) throws Exception {
        Workers w = new Workers(ledger, options.residents());
        try {
            for (int i = 0; i < options.processes(); i++) {
                Process p = new ProcessBuilder(command(options, nodes, data, run, i)).start();
                Handle h = new Handle(i, p);
                w.handles.add(h);
                daemon("lt-worker-" + i + "-out", () -> w.listen(h));
                daemon("lt-worker-" + i + "-log", () -> forward(h, out));
            }
            w.awaitAll(WorkerLine.STARTED);
        } catch (Exception e) {
            w.close();
            throw e;
        }
        ledger.remote(w);
        return w;
    }

    private static List<String> command(Options o, List<InetSocketAddress> nodes, Path data, String run, int index) {
        List<String> c = new ArrayList<>();
        c.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // the heap and collector the coordinator was given, nothing else (agents would clash)
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:+Use") && a.endsWith("GC")) {
                c.add(a);
            }
        }
        c.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadTest.class.getName(), "worker",
                Integer.toString(index), Integer.toString(o.processes()), run));
        List<String> addresses = new ArrayList<>();
        for (InetSocketAddress a : nodes) {
            addresses.add(a.getHostString() + ":" + a.getPort());
        }
        // a worker's share of the connect rate, so K of them open connections at the run's rate
        int rate = Math.max(1, o.connectRate() / o.processes());
        c.addAll(List.of("--target", o.target(), "--servers", String.join(",", addresses),
                "--server-data", data.toString(), "--transport", o.transport().label(),
                "--residents", Integer.toString(o.residents()), "--level", o.level().label(),
                "--rate", Double.toString(o.rate()), "--duration", Integer.toString(o.durationSeconds()),
                "--connect-rate", Integer.toString(rate), "--connect-give-up", Integer.toString(o.connectGiveUpSeconds()),
                "--source-ips", o.sourceIps().spec(),
                "--io-threads", Integer.toString(o.ioThreads()), "--seed", Long.toString(o.seed())));
        return c;
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /** Progress lines update the totals; every other line is an answer. */
    private void listen(Handle h) {
        try (BufferedReader in = h.process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(WorkerLine.PROGRESS + " ")) {
                    String[] w = line.split(" ");
                    h.fresh = Long.parseLong(w[1]);
                    h.repeats = Long.parseLong(w[2]);
                    h.lastDelivery = Long.parseLong(w[3]);
                } else {
                    h.answers.add(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            h.answers.add("BROKEN " + e);
        }
    }

    private static void forward(Handle h, PrintStream out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(h.process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println("[worker " + h.index + "] " + line);
            }
        } catch (IOException e) {
            // the worker is gone; its answers say so
        }
    }

    private void tellAll(String command) throws IOException {
        for (Handle h : handles) {
            h.commands.write(command + "\n");
            h.commands.flush();
        }
    }

    /** Each worker's answer starting with {@code word}, in worker order. */
    private List<String[]> awaitAll(String word) throws Exception {
        List<String[]> out = new ArrayList<>();
        for (Handle h : handles) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_SECONDS);
            String line = null;
            while (line == null) {
                line = h.answers.poll(1, TimeUnit.SECONDS);
                if (line == null && (!h.process.isAlive() && h.answers.isEmpty() || System.nanoTime() > deadline)) {
                    throw new IOException("worker " + h.index + " did not answer " + word
                            + (h.process.isAlive() ? " in time" : ": it exited with " + h.process.exitValue()));
                }
            }
            String[] words = line.split(" ");
            if (!words[0].equals(word)) {
                throw new IOException("worker " + h.index + " answered " + line + " instead of " + word);
            }
            out.add(words);
        }
        return out;
    }

    @Override
    public int connectAll() throws Exception {
        tellAll(WorkerLine.CONNECT);
        int failed = 0;
        retries = 0;
        for (String[] w : awaitAll(WorkerLine.CONNECTED)) {
            failed += Integer.parseInt(w[1]);
            retries += Integer.parseInt(w[2]);
        }
        return failed;
    }

    @Override
    public void cutAll() throws Exception {
        tellAll(WorkerLine.CUT);
        awaitAll(WorkerLine.CUT);
    }

    @Override
    public void resetTimings() throws Exception {
        tellAll(WorkerLine.RESET);
        awaitAll(WorkerLine.RESET);
        ledger.resetTimings();
    }

    @Override
    public Result finish(long[] published, long[] accepted) throws Exception {
        tellAll(WorkerLine.FINISH + " " + WorkerLine.longs(published) + " " + WorkerLine.longs(accepted));
        Tally tally = new Tally(0, 0, 0);
        long badges = 0;
        retries = 0;
        fetched = 0;
        Map<Long, long[]> arrivals = new java.util.HashMap<>();
        for (String[] w : awaitAll(WorkerLine.RESULT)) {
            if (!w[8].equals("-")) {
                for (String a : w[8].split(",")) {
                    String[] p = a.split(":");
                    long[] sum = arrivals.computeIfAbsent(Long.parseLong(p[0]), k -> new long[2]);
                    sum[0] += Long.parseLong(p[1]);
                    sum[1] = Math.max(sum[1], Long.parseLong(p[2]));
                }
            }
            tally = tally.plus(new Tally(Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3])));
            badges += Long.parseLong(w[4]);
            retries += Integer.parseInt(w[5]);
            fetched += Long.parseLong(w[6]);
            ledger.addLatency(Histograms.decode(w[7]));
        }
        ledger.remoteArrivals(arrivals);
        return new Result(tally, badges);
    }

    @Override
    public int connectRetries() {
        return retries;
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("processes", handles.size());
        m.put("residentsPerProcess", (residents + handles.size() - 1) / handles.size());
        m.put("noticesFetchedOnSyncByWorkers", fetched);
        return m;
    }

    @Override
    public long fresh() {
        long n = 0;
        for (Handle h : handles) {
            n += h.fresh;
        }
        return n;
    }

    @Override
    public long repeats() {
        long n = 0;
        for (Handle h : handles) {
            n += h.repeats;
        }
        return n;
    }

    @Override
    public long lastDeliveryNanos() {
        long n = 0;
        for (Handle h : handles) {
            n = Math.max(n, h.lastDelivery);
        }
        return n;
    }

    @Override
    public void close() {
        for (Handle h : handles) {
            try {
                h.commands.close(); // a worker that reads end of input stops
            } catch (IOException e) {
                // already gone
            }
        }
        for (Handle h : handles) {
            try {
                if (!h.process.waitFor(10, TimeUnit.SECONDS)) {
                    h.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                h.process.destroyForcibly();
            }
        }
    }
}
