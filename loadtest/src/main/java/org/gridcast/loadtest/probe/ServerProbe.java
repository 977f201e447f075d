package org.gridcast.loadtest.probe;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a server's own counters just before and just after the load phase and turns them into
 * report fields: CPU and heap from its {@code /metrics}, commands from its Redis's
 * {@code INFO commandstats}. A reading that fails leaves its figures unmeasured and says why;
 * it never fails the run, whose verdict is about deliveries. A target that names no endpoints
 * (every one but Gridcast) gets no fields at all.
 */
public final class ServerProbe implements AutoCloseable {
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();
    private ServerEndpoints endpoints;
    private final List<MetricsEndpoint> metrics = new ArrayList<>();
    private RedisEndpoint redis;
    private ServerReading before = ServerReading.NONE;
    private ServerReading after = ServerReading.NONE;

    public ServerProbe(PrintStream out) {
        this.out = out;
    }

    /** Connects to what the target names, if anything, and takes the first reading. */
    public void before(Optional<ServerEndpoints> named) {
        if (named.isEmpty()) {
            return;
        }
        endpoints = named.get();
        for (var http : endpoints.http()) {
            metrics.add(new MetricsEndpoint(http));
        }
        if (endpoints.redisUri() != null) {
            try {
                redis = RedisEndpoint.connect(endpoints.redisUri());
            } catch (RuntimeException e) {
                problem("cannot reach the server's Redis: " + e);
            }
        }
        before = read("before the load phase");
    }

    /** Takes the second reading. */
    public void after() {
        if (endpoints != null) {
            after = read("after the load phase");
        }
    }

    /** The report fields; empty when the target named no endpoints. */
    public Map<String, Object> figures(long notices, long deliveries) {
        if (endpoints == null) {
            return Map.of();
        }
        Map<String, Object> f = ServerFigures.of(before, after, notices, deliveries, endpoints.inProcess(), this::problem);
        if (!problems.isEmpty()) {
            f.put("serverProbeProblems", List.copyOf(problems));
        }
        return f;
    }

    private ServerReading read(String when) {
        return new ServerReading(scrape(when), commandStats(when));
    }

    /** Every node's scrape together; none if any node's failed (a partial sum would understate). */
    private MetricsScrape scrape(String when) {
        if (metrics.isEmpty()) {
            return null;
        }
        List<MetricsScrape> scrapes = new ArrayList<>();
        for (MetricsEndpoint m : metrics) {
            try {
                scrapes.add(m.scrape());
            } catch (IOException | RuntimeException e) {
                problem(when + ", " + m + ": " + e);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem(when + ", " + m + ": interrupted");
                return null;
            }
        }
        return MetricsScrape.together(scrapes);
    }

    private RedisCommandStats commandStats(String when) {
        if (redis == null) {
            return null;
        }
        try {
            return redis.commandStats();
        } catch (RuntimeException e) {
            problem(when + ", " + redis + " INFO commandstats: " + e);
            return null;
        }
    }

    private void problem(String what) {
        problems.add(what);
        out.println("server probe: " + what);
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
