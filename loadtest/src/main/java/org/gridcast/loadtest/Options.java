package org.gridcast.loadtest;

import io.lettuce.core.RedisURI;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gridcast.loadtest.gridcast.Framing;
import org.gridcast.loadtest.net.SourceAddresses;
import org.gridcast.loadtest.plan.Level;
import picocli.CommandLine;

/**
 * The command line of one run, parsed and checked. Every figure of a run depends only on these
 * values, so two targets given the same options see the same load shape.
 */
public record Options(
        String target,
        List<InetSocketAddress> servers,
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
        List<InetSocketAddress> serverHttp,
        String serverRedis,
        int ioThreads,
        long seed,
        int warmupSeconds,
        int slowReaders,
        Framing transport,
        int processes,
        int connectGiveUpSeconds) {

    public enum Mode { STEADY, RAMP, CHURN, STORM }

    public Options {
        servers = List.copyOf(servers);
        serverHttp = List.copyOf(serverHttp);
    }

    /** The first (for every target but Gridcast, the only) running server; null: the tool starts one. */
    public InetSocketAddress server() {
        return servers.isEmpty() ? null : servers.get(0);
    }

    /** The smallest payload that holds the stamp (topic, seq, intended send time). */
    public static final int MIN_PAYLOAD = 20;

    /** Default payload, the size the performance bar in DESIGN.md is measured with. */
    public static final int DEFAULT_PAYLOAD = 128;

    /** Connections opened per second unless told otherwise: high enough for a quick run, low enough not to overflow the accept backlog. */
    public static final int DEFAULT_CONNECT_RATE = 5_000;

    /** How long to wait after the last post for deliveries still in flight before counting the rest as lost. */
    public static final int DEFAULT_DRAIN_SECONDS = 10;

    /** Twenty loopback sources: twenty times the ephemeral ports of one (docs/LOADTEST.md, "Scale"). */
    static final String DEFAULT_SOURCE_IPS = "127.0.0.1-127.0.0.20";

    /** {@code --help}: not an error; the text goes to stdout and the tool exits 0. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested(String usage) {
            super(usage, null, false, false);
        }
    }

    /** The usage text {@code --help} prints and a usage error ends with. */
    public static String usage() {
        return commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static CommandLine commandLine() {
        // values are taken as given: "--report-md @x" names a file, not a file of arguments;
        // an option given twice keeps its last value, as the hand-written parser did
        return new CommandLine(new Flags()).setExpandAtFiles(false).setOverwrittenOptionsAllowed(true);
    }

    /**
     * Parses and checks a command line. A bad one throws {@link IllegalArgumentException} whose
     * message names the option on its first line and ends with the usage; {@code --help} throws
     * {@link HelpRequested}.
     */
    public static Options parse(String... args) {
        CommandLine line = commandLine();
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw usageError(message(e));
        }
        if (line.isUsageHelpRequested()) {
            throw new HelpRequested(usage());
        }
        try {
            return check(line.getCommand());
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private static Options check(Flags f) {
        require(f.target != null, "--target");
        String target = checkTarget(f.target);
        require(f.residents != null, "--residents");
        require(f.level != null, "--level");
        require(f.rate != null, "--rate");
        require(f.duration != null, "--duration");
        positive("--residents", f.residents);
        positive("--duration", f.duration);
        positive("--connect-rate", f.connectRate);
        positive("--drain", f.drain);
        nonNegative("--warmup", f.warmup);
        nonNegative("--slow-readers", f.slowReaders);
        int ioThreads = f.ioThreads != null ? positive("--io-threads", f.ioThreads) : Runtime.getRuntime().availableProcessors();
        if (!(f.rate > 0)) {
            throw new IllegalArgumentException("--rate must be > 0");
        }
        if (f.payload < MIN_PAYLOAD) {
            throw new IllegalArgumentException("--payload must be at least " + MIN_PAYLOAD + " bytes (the stamp)");
        }
        if (f.churnShare < 0 || f.churnShare > 1) {
            throw new IllegalArgumentException("--churn-share must be within [0, 1]");
        }
        if (f.server != null && f.servers != null) {
            throw new IllegalArgumentException("--server and --servers name the same thing: give one");
        }
        List<InetSocketAddress> servers = f.servers != null ? hostPorts("--servers", f.servers)
                : f.server != null ? List.of(hostPort("--server", f.server)) : List.of();
        if (servers.size() > 1 && !target.equals("gridcast")) {
            // only Gridcast nodes share their state (one Redis); a peer's second node is another broker
            throw new IllegalArgumentException("--servers goes with --target gridcast");
        }
        List<InetSocketAddress> serverHttp = f.serverHttp == null ? List.of() : hostPorts("--server-http", f.serverHttp);
        String serverRedis = f.serverRedis == null ? null : redisUri(f.serverRedis);
        if ((!serverHttp.isEmpty() || serverRedis != null) && (servers.isEmpty() || !target.equals("gridcast"))) {
            // the embedded server's endpoints are known to the tester; other targets have none
            throw new IllegalArgumentException("--server-http and --server-redis go with --target gridcast --server");
        }
        if (!serverHttp.isEmpty() && serverHttp.size() != servers.size()) {
            throw new IllegalArgumentException("--server-http names " + serverHttp.size() + " admin ports for "
                    + servers.size() + " servers: one per node, in the same order");
        }
        if (f.slowReaders > 0 && !target.equals("gridcast")) {
            // a slow reader is an extra device of a member: only Gridcast has members and devices
            throw new IllegalArgumentException("--slow-readers goes with --target gridcast");
        }
        Framing transport = Framing.parse(f.transport);
        if (transport != Framing.TCP && !target.equals("gridcast")) {
            // the peers are measured on their own TCP protocols; only Gridcast serves /ws
            throw new IllegalArgumentException("--transport ws goes with --target gridcast");
        }
        positive("--processes", f.processes);
        if (f.processes > 1 && !target.equals("gridcast")) {
            throw new IllegalArgumentException("--processes goes with --target gridcast");
        }
        if (f.processes > f.residents) {
            throw new IllegalArgumentException("--processes must not exceed --residents");
        }
        if (f.processes > 1 && !(mode(f.mode) == Mode.STEADY || mode(f.mode) == Mode.STORM)) {
            // ramp and churn steer single residents from the run; workers take whole commands only
            throw new IllegalArgumentException("--processes goes with --mode steady or storm");
        }
        if (f.slowReaders > f.residents) {
            throw new IllegalArgumentException("--slow-readers must not exceed --residents");
        }
        positive("--connect-give-up", f.connectGiveUp);
        return new Options(target, servers, f.residents, level(f.level), f.rate, f.duration, f.payload,
                f.reportJson, f.reportMarkdown, mode(f.mode), f.connectRate, SourceAddresses.parse(f.sourceIps),
                f.drain, f.churnShare, f.latencyBoundMs, f.serverData, serverHttp, serverRedis, ioThreads, f.seed,
                f.warmup, f.slowReaders, transport, f.processes, f.connectGiveUp);
    }

    /** The same options with another rate (ramp steps). */
    public Options withRate(double newRate) {
        return new Options(target, servers, residents, level, newRate, durationSeconds, payloadBytes, reportJson,
                reportMarkdown, mode, connectRate, sourceIps, drainSeconds, churnShare, latencyBoundMs,
                serverData, serverHttp, serverRedis, ioThreads, seed, warmupSeconds, slowReaders, transport,
                processes, connectGiveUpSeconds);
    }

    /** picocli's complaint in the words the hand-written parser used (scripts match on them). */
    private static String message(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            return first.startsWith("-") ? "unknown option " + first : "unexpected argument " + first;
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof CommandLine.Model.OptionSpec o) {
            return "missing value for " + o.longestName();
        }
        return e.getMessage();
    }

    private static IllegalArgumentException usageError(String message) {
        return new IllegalArgumentException(message + "\n" + usage());
    }

    private static String checkTarget(String v) {
        return switch (v) {
            case "gridcast", "raw", "mosquitto", "nats", "redis-pubsub" -> v;
            default -> throw new IllegalArgumentException("unknown target " + v);
        };
    }

    private static Level level(String v) {
        try {
            return Level.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown level " + v);
        }
    }

    private static Mode mode(String v) {
        try {
            return Mode.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode " + v);
        }
    }

    static InetSocketAddress hostPort(String name, String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(name + " wants HOST:PORT, got " + v);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants HOST:PORT, got " + v);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(name + " wants a port within 1..65535, got " + v);
        }
        return new InetSocketAddress(v.substring(0, colon), port);
    }

    /** A comma list of HOST:PORT, at least one, none twice. */
    static List<InetSocketAddress> hostPorts(String name, String v) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            InetSocketAddress a = hostPort(name, part.strip());
            if (out.contains(a)) {
                throw new IllegalArgumentException(name + " names " + part.strip() + " twice");
            }
            out.add(a);
        }
        return out;
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
            throw new IllegalArgumentException("missing " + name);
        }
    }
}
