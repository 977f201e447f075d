package org.gridcast.loadtest;

import io.lettuce.core.RedisURI;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import org.gridcast.loadtest.net.SourceAddresses;
import org.gridcast.loadtest.plan.Level;

/**
 * The command line of one run, parsed and checked. Every figure of a run depends only on these
 * values, so two targets given the same options see the same load shape.
 */
public record Options(
        String target,
        InetSocketAddress server,
        int residents,
        Level level,
        double rate,
        int durationSeconds,
        int payloadBytes,
        Path reportJson,
        Path reportMarkdown,
        Mode mode,
        int connectRate,
        SourceAddresses sourceIps,
        int drainSeconds,
        double churnShare,
        double latencyBoundMs,
        Path serverData,
        InetSocketAddress serverHttp,
        String serverRedis,
        int ioThreads,
        long seed,
        int warmupSeconds,
        int slowReaders) {

    public enum Mode { STEADY, RAMP, CHURN, STORM }

    /** The smallest payload that holds the stamp (topic, seq, intended send time). */
    public static final int MIN_PAYLOAD = 20;

    /** Default payload, the size the performance bar in DESIGN.md is measured with. */
    public static final int DEFAULT_PAYLOAD = 128;

    /** Connections opened per second unless told otherwise: high enough for a quick run, low enough not to overflow the accept backlog. */
    public static final int DEFAULT_CONNECT_RATE = 5_000;

    /** How long to wait after the last post for deliveries still in flight before counting the rest as lost. */
    public static final int DEFAULT_DRAIN_SECONDS = 10;

    public static final String USAGE = """
            usage: java -jar gridcast-loadtest.jar --target gridcast|raw|mosquitto|nats|redis-pubsub
                   [--server HOST:PORT] --residents N --level microgrid|grid|community|town|mixed
                   --rate NOTICES_PER_SEC --duration SECONDS [--payload BYTES] [--report-json FILE]
                   [--report-md FILE] [--mode steady|ramp|churn|storm] [--connect-rate N]
                   [--source-ips 127.0.0.1-127.0.0.20] [--drain SECONDS] [--churn-share 0.1]
                   [--latency-bound-ms 50] [--server-data DIR]
                   [--server-http HOST:PORT] [--server-redis redis://HOST:PORT]
                   [--io-threads N] [--seed N] [--warmup SECONDS] [--slow-readers K]
            """;

    public static Options parse(String... args) {
        String target = null;
        InetSocketAddress server = null;
        Integer residents = null;
        Level level = null;
        Double rate = null;
        Integer duration = null;
        int payload = DEFAULT_PAYLOAD;
        Path json = null;
        Path md = null;
        Mode mode = Mode.STEADY;
        int connectRate = DEFAULT_CONNECT_RATE;
        SourceAddresses sources = SourceAddresses.parse("127.0.0.1-127.0.0.20");
        int drain = DEFAULT_DRAIN_SECONDS;
        double churn = 0.1;
        double bound = 50;
        Path serverData = null;
        InetSocketAddress serverHttp = null;
        String serverRedis = null;
        int ioThreads = Runtime.getRuntime().availableProcessors();
        long seed = 1;
        int warmup = 0;
        int slowReaders = 0;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String v = args[++i];
            switch (name) {
                case "--target" -> target = checkTarget(v);
                case "--server" -> server = hostPort(name, v);
                case "--residents" -> residents = positive(name, Integer.parseInt(v));
                case "--level" -> level = Level.parse(v);
                case "--rate" -> rate = Double.parseDouble(v);
                case "--duration" -> duration = positive(name, Integer.parseInt(v));
                case "--payload" -> payload = Integer.parseInt(v);
                case "--report-json" -> json = Path.of(v);
                case "--report-md" -> md = Path.of(v);
                case "--mode" -> mode = Mode.valueOf(v.toUpperCase(Locale.ROOT));
                case "--connect-rate" -> connectRate = positive(name, Integer.parseInt(v));
                case "--source-ips" -> sources = SourceAddresses.parse(v);
                case "--drain" -> drain = positive(name, Integer.parseInt(v));
                case "--churn-share" -> churn = Double.parseDouble(v);
                case "--latency-bound-ms" -> bound = Double.parseDouble(v);
                case "--server-data" -> serverData = Path.of(v);
                case "--server-http" -> serverHttp = hostPort(name, v);
                case "--server-redis" -> serverRedis = redisUri(v);
                case "--io-threads" -> ioThreads = positive(name, Integer.parseInt(v));
                case "--seed" -> seed = Long.parseLong(v);
                case "--warmup" -> warmup = nonNegative(name, Integer.parseInt(v));
                case "--slow-readers" -> slowReaders = nonNegative(name, Integer.parseInt(v));
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        require(target != null, "--target");
        require(residents != null, "--residents");
        require(level != null, "--level");
        require(rate != null, "--rate");
        require(duration != null, "--duration");
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be > 0");
        }
        if (payload < MIN_PAYLOAD) {
            throw new IllegalArgumentException("--payload must be at least " + MIN_PAYLOAD + " bytes (the stamp)");
        }
        if (churn < 0 || churn > 1) {
            throw new IllegalArgumentException("--churn-share must be within [0, 1]");
        }
        if ((serverHttp != null || serverRedis != null) && (server == null || !target.equals("gridcast"))) {
            // the embedded server's endpoints are known to the tester; other targets have none
            throw new IllegalArgumentException("--server-http and --server-redis go with --target gridcast --server");
        }
        if (slowReaders > 0 && !target.equals("gridcast")) {
            // a slow reader is an extra device of a member: only Gridcast has members and devices
            throw new IllegalArgumentException("--slow-readers goes with --target gridcast");
        }
        if (slowReaders > residents) {
            throw new IllegalArgumentException("--slow-readers must not exceed --residents");
        }
        return new Options(target, server, residents, level, rate, duration, payload, json, md, mode,
                connectRate, sources, drain, churn, bound, serverData, serverHttp, serverRedis, ioThreads, seed,
                warmup, slowReaders);
    }

    /** The same options with another rate (ramp steps). */
    public Options withRate(double newRate) {
        return new Options(target, server, residents, level, newRate, durationSeconds, payloadBytes, reportJson,
                reportMarkdown, mode, connectRate, sourceIps, drainSeconds, churnShare, latencyBoundMs,
                serverData, serverHttp, serverRedis, ioThreads, seed, warmupSeconds, slowReaders);
    }

    private static String checkTarget(String v) {
        return switch (v) {
            case "gridcast", "raw", "mosquitto", "nats", "redis-pubsub" -> v;
            default -> throw new IllegalArgumentException("unknown target " + v + "\n" + USAGE);
        };
    }

    private static InetSocketAddress hostPort(String name, String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(name + " wants HOST:PORT, got " + v);
        }
        return new InetSocketAddress(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1)));
    }

    /** Checked now so that a typo is a usage error, not a figure silently left unmeasured. */
    private static String redisUri(String v) {
        try {
            RedisURI.create(v);
            return v;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--server-redis wants redis://HOST:PORT, got " + v);
        }
    }

    private static int positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0");
        }
        return v;
    }

    private static int nonNegative(String name, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0");
        }
        return v;
    }

    private static void require(boolean present, String name) {
        if (!present) {
            throw new IllegalArgumentException("missing " + name + "\n" + USAGE);
        }
    }
}
