package org.gridcast.loadtest;

import java.nio.file.Path;
import org.gridcast.loadtest.residents.Connector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line as picocli reads it: names, labels, defaults and help text, nothing else.
 * Values stay as typed (numbers as numbers, addresses as strings) and {@link Options#parse}
 * checks them and builds the run's {@link Options}, so every rule and its message lives in one
 * place whatever parser fills these fields.
 */
@Command(name = "gridcast-loadtest", sortOptions = false, usageHelpWidth = 100,
        customSynopsis = {
                "java -jar gridcast-loadtest.jar --target gridcast|raw|mosquitto|nats|redis-pubsub",
                "       [--server HOST:PORT] --residents N --level microgrid|grid|community|town|mixed",
                "       --rate NOTICES_PER_SEC --duration SECONDS [OPTIONS]"},
        description = "Measures how fast a notice reaches everyone it is meant for and checks that nobody is"
                + " missed or served twice (docs/LOADTEST.md).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every expected delivery arrived exactly once (and, for Gridcast, every badge matched)",
                "1:something was lost, duplicated or refused",
                "2:bad arguments"})
final class Flags {
    @Option(names = "--target", paramLabel = "NAME", description = "gridcast, raw, mosquitto, nats or redis-pubsub")
    String target;

    @Option(names = "--server", paramLabel = "HOST:PORT", description = "a running target; without it the tool starts the target itself")
    String server;

    @Option(names = "--servers", paramLabel = "HOST:PORT,...",
            description = "Gridcast: running nodes sharing one Redis; residents are spread over them round robin"
                    + " (with --transport ws, their HTTP ports)")
    String servers;

    @Option(names = "--residents", paramLabel = "N", description = "subscribers, one connection each")
    Integer residents;

    @Option(names = "--level", paramLabel = "LEVEL", description = "where notices go: microgrid, grid, community, town or mixed")
    String level;

    @Option(names = "--rate", paramLabel = "NOTICES_PER_SEC", description = "open-loop posting rate")
    Double rate;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "how long to post")
    Integer duration;

    @Option(names = "--payload", paramLabel = "BYTES", description = "notice text size (default: ${DEFAULT-VALUE})")
    int payload = Options.DEFAULT_PAYLOAD;

    @Option(names = "--report-json", paramLabel = "FILE", description = "write the report as JSON")
    Path reportJson;

    @Option(names = "--report-md", paramLabel = "FILE", description = "write the report as Markdown")
    Path reportMarkdown;

    @Option(names = "--mode", paramLabel = "MODE", description = "steady, ramp, churn or storm (default: ${DEFAULT-VALUE})")
    String mode = "steady";

    @Option(names = "--connect-rate", paramLabel = "N", description = "connections opened per second (default: ${DEFAULT-VALUE})")
    int connectRate = Options.DEFAULT_CONNECT_RATE;

    @Option(names = "--connect-give-up", paramLabel = "SECONDS",
            description = "a resident still not logged in this long after its first attempt counts as a connect failure"
                    + " (default: ${DEFAULT-VALUE})")
    int connectGiveUp = Connector.DEFAULT_GIVE_UP_SECONDS;

    @Option(names = "--source-ips", paramLabel = "ADDRESSES",
            description = "local addresses bound round robin, a range or a comma list (default: ${DEFAULT-VALUE})")
    String sourceIps = Options.DEFAULT_SOURCE_IPS;

    @Option(names = "--drain", paramLabel = "SECONDS",
            description = "time without progress before the rest counts as lost (default: ${DEFAULT-VALUE})")
    int drain = Options.DEFAULT_DRAIN_SECONDS;

    @Option(names = "--churn-share", paramLabel = "SHARE", description = "churn: share reconnecting each second (default: ${DEFAULT-VALUE})")
    double churnShare = 0.1;

    @Option(names = "--latency-bound-ms", paramLabel = "MS", description = "ramp: the p99 bound (default: ${DEFAULT-VALUE})")
    double latencyBoundMs = 50;

    @Option(names = "--server-data", paramLabel = "DIR", description = "Gridcast: the server's data dir (its secret signs the tokens)")
    Path serverData;

    @Option(names = "--server-http", paramLabel = "HOST:PORT", description = "Gridcast: the server's admin port, for its /metrics; with --servers, one per node, comma separated")
    String serverHttp;

    @Option(names = "--server-redis", paramLabel = "URL", description = "Gridcast: the server's Redis, redis://[PASSWORD@]HOST:PORT")
    String serverRedis;

    @Option(names = "--io-threads", paramLabel = "N", description = "client event loops (default: the cores)")
    Integer ioThreads;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "post this long first, then forget the timings (default: ${DEFAULT-VALUE})")
    int warmup = 0;

    @Option(names = "--slow-readers", paramLabel = "K", description = "Gridcast: K more sessions that never read (default: ${DEFAULT-VALUE})")
    int slowReaders = 0;

    @Option(names = "--transport", paramLabel = "tcp|ws",
            description = "Gridcast: residents connect over TCP, or over WebSocket to the HTTP port's /ws (default: ${DEFAULT-VALUE})")
    String transport = "tcp";

    @Option(names = "--processes", paramLabel = "K",
            description = "Gridcast: hold the residents in K worker JVMs, every K-th resident each, to stay under a"
                    + " process's open-file limit (default: ${DEFAULT-VALUE}: all in this one)")
    int processes = 1;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;
}
