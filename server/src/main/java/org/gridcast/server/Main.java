package org.gridcast.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.gridcast.server.auth.Secret;
import org.gridcast.server.auth.TokenService;
import org.gridcast.server.media.MediaLimits;
import org.gridcast.server.redis.RedisEndpoint;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.upgrade.KeyMigration;
import org.gridcast.server.upgrade.MigrationReport;
import org.gridcast.server.upgrade.MigrationTarget;
import org.gridcast.server.upgrade.OldLayoutException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Command line: {@code serve} runs a node, {@code token} prints a login token,
 * {@code migrate-keys} moves the keys of an older version to their names in {@link RedisKeys}.
 * See docs/CONFIGURATION.md. Exit codes: 0 ok, 1 failed, 2 bad usage, 3 (migrate-keys)
 * conflicts. Options are parsed with picocli into a name → value map; {@link #config} maps them onto {@link ServerConfig}. A new option is a
 * name in {@link #SERVE_OPTIONS} (or TOKEN_OPTIONS), a line in OPTION_HELP, and its use in config.
 */
public final class Main {
    static final String USAGE = "usage: gridcast-server serve --data-dir D [--port P] [--http-port H]"
            + " [--admin-port A] [--admin-host HOST] [--redis URL | --redis-cluster HOST:PORT,..."
            + " [--redis-password-file F] [--redis-wait-replicas N]]"
            + " [--seeds PATH|synthetic:N] [--secret-file F] [--ready-file R] [--node NAME] [--heartbeat SECONDS]"
            + " [--bind ADDR] [--tls-cert PEM --tls-key PEM] [--max-connections N] [--max-connections-per-ip N]"
            + " [--max-in-flight N] [--max-logins-in-flight N] [--media-dir M] [--media-budget-mb N]"
            + " [--node-reap-grace SECONDS]\n"
            + "       gridcast-server token --data-dir D [--secret-file F] --member ID [--device DEV] [--ttl-hours N]"
            + " [--link [--public-url URL | --http-port H]]\n"
            + "       gridcast-server migrate-keys (--data-dir D | --redis URL | --redis-cluster HOST:PORT,..."
            + " [--redis-password-file F]) [--dry-run]";
    static final Set<String> SERVE_OPTIONS = Set.of("--data-dir", "--port", "--http-port", "--admin-port", "--admin-host",
            "--redis", "--seeds", "--secret-file", "--ready-file", "--node", "--heartbeat", "--bind", "--tls-cert",
            "--tls-key", "--max-connections", "--max-connections-per-ip", "--media-dir", "--media-budget-mb",
            "--redis-cluster", "--redis-password-file", "--redis-wait-replicas", "--max-in-flight",
            "--max-logins-in-flight", "--node-reap-grace");
    private static final Set<String> TOKEN_OPTIONS = Set.of("--data-dir", "--secret-file", "--member", "--device",
            "--ttl-hours", "--link", "--public-url", "--http-port");
    static final Set<String> MIGRATE_OPTIONS = Set.of("--data-dir", "--redis", "--redis-cluster", "--redis-password-file",
            "--dry-run");
    /** migrate-keys: some old keys' new names hold other values; nothing was overwritten. */
    static final int EXIT_CONFLICTS = 3;
    /** 1 PiB: a budget past this is a typo. */
    static final long MAX_MEDIA_BUDGET_MB = 1L << 30;
    /** Options that take no value. */
    private static final Set<String> FLAGS = Set.of("--link", "--dry-run");

    /** What {@code --help} says of each option: a new option is one line here (and in its set above). */
    private static final Map<String, OptionHelp> OPTION_HELP = Map.ofEntries(
            help("--data-dir", "D", "node data: secret, private Redis (when no --redis), logs"),
            help("--port", "P", "TCP port of the protocol (0: any free port)"),
            help("--http-port", "H", "public HTTP port: WebSocket /ws, /healthz, /readyz (0: any free port)"),
            help("--admin-port", "A", "admin HTTP port: /metrics, /healthz, /readyz (default 7481; 0: any free port)"),
            help("--admin-host", "HOST", "address the admin port binds (default 127.0.0.1)"),
            help("--bind", "ADDR", "address the TCP and public HTTP ports bind (default 0.0.0.0)"),
            help("--tls-cert", "PEM", "certificate chain: TLS on the TCP port, HTTPS/WSS on the HTTP port"),
            help("--tls-key", "PEM", "the certificate's PKCS#8 private key (with --tls-cert)"),
            help("--max-connections", "N", "connections the process holds (default: open-file limit - 1,000)"),
            help("--max-connections-per-ip", "N", "connections from one remote address (default 1,024; loopback exempt)"),
            help("--max-in-flight", "N", "requests the node works on at once; past it UNAVAILABLE at once (default 4,096)"),
            help("--max-logins-in-flight", "N", "logins the node works on at once, <= --max-in-flight (default 64)"),
            help("--redis", "URL", "an external Redis (redis://...); default: a private redis-server in D/redis"),
            help("--redis-cluster", "HOST:PORT,...", "a Redis Cluster (7.0+): seed nodes; instead of --redis"),
            help("--redis-password-file", "F", "file holding the cluster's password (requirepass), for --redis-cluster"),
            help("--redis-wait-replicas", "N", "replicas an acked write waits for (WAIT N) in a cluster (default 1; 0: none)"),
            help("--seeds", "PATH|synthetic:N", "directory seeds imported at start"),
            help("--secret-file", "F", "token signing secret (default D/secret)"),
            help("--ready-file", "R", "written with {\"tcpPort\",\"httpPort\",\"adminPort\",\"node\"} once listening"),
            help("--node", "NAME", "this node's name in the cluster"),
            help("--heartbeat", "SECONDS", "heartbeat interval advertised to clients"),
            help("--node-reap-grace", "SECONDS", "a node id gone this long past its lease loses its routes and presence"
                    + " (default 600; longer than a restart takes)"),
            help("--member", "ID", "the member the token is for"),
            help("--device", "DEV", "the device the token is bound to"),
            help("--ttl-hours", "N", "token lifetime in hours, 1..720 (default 720)"),
            help("--link", "", "print a sign-in link for the H5 app (URL/#token=TOKEN) instead of the bare token"),
            help("--public-url", "URL", "the H5 app's address as browsers reach it (default http://127.0.0.1:H)"),
            help("--media-dir", "M", "where uploaded photos are stored (default D/media)"),
            help("--media-budget-mb", "N", "disk this node lets photos use, in MiB (default 10,240)"),
            help("--dry-run", "", "print what would move and every conflict; change nothing"));

    /** Exit codes, shown under every {@code --help}. */
    private static final Map<String, String> EXIT_CODES = exitCodes();
    private static final Map<String, String> MIGRATE_EXIT_CODES = migrateExitCodes();

    private record OptionHelp(String label, String text) {
    }

    private static Map.Entry<String, OptionHelp> help(String name, String label, String text) {
        return Map.entry(name, new OptionHelp(label, text));
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "token printed; serve: stopped by SIGTERM");
        codes.put("1", "failed (cannot start, cannot read the secret, ...)");
        codes.put("2", "bad usage");
        return codes;
    }

    private static Map<String, String> migrateExitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "done, or nothing to move (the JSON summary says which); dry run: no conflict");
        codes.put("1", "failed (Redis unreachable, a node still running, ...); running again resumes");
        codes.put("2", "bad usage");
        codes.put(Integer.toString(EXIT_CONFLICTS), "conflicts: keys under both names with different values, both kept");
        return codes;
    }

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Runs a command; returns the exit code, or -1 when a server is running in the background. Public for tests. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        try {
            switch (args[0]) {
                case "serve" -> {
                    serve(parse(args, SERVE_OPTIONS));
                    return -1;
                }
                case "token" -> {
                    Map<String, String> opts = parse(args, TOKEN_OPTIONS);
                    String base = publicUrl(opts); // checked before the secret file is touched
                    String token = token(opts);
                    out.println(base != null ? SignInLink.of(base, token) : token);
                    return 0;
                }
                case "migrate-keys" -> {
                    return migrateKeys(parseOptions(args, MIGRATE_OPTIONS), out, err);
                }
                case "-h", "--help", "help" -> {
                    out.println(USAGE);
                    out.println("'gridcast-server serve --help', 'gridcast-server token --help' and"
                            + " 'gridcast-server migrate-keys --help' describe the options.");
                    return 0;
                }
                default -> throw new UsageException("unknown command " + args[0]);
            }
        } catch (HelpRequested h) {
            out.print(h.getMessage());
            return 0;
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (OldLayoutException | KeyMigration.NodesRunningException e) {
            err.println("gridcast-server: " + e.getMessage()); // the message is the whole story
            return 1;
        } catch (Exception e) {
            err.println("gridcast-server: " + e);
            return 1;
        }
    }

    /**
     * Parses the {@code --name value} options after the command (args[0]) with picocli; every
     * option takes one value. {@code --help} anywhere throws {@link HelpRequested} with the usage.
     */
    static Map<String, String> parse(String[] args, Set<String> allowed) {
        Map<String, String> opts = parseOptions(args, allowed);
        if (!opts.containsKey("--data-dir")) {
            throw new UsageException("--data-dir is required");
        }
        return opts;
    }

    /** As {@link #parse}, without requiring {@code --data-dir}. */
    private static Map<String, String> parseOptions(String[] args, Set<String> allowed) {
        CommandLine cl = new CommandLine(spec(args[0], allowed));
        cl.setExpandAtFiles(false); // a path starting with @ is a path
        cl.setAllowOptionsAsOptionParameters(true);
        CommandLine.ParseResult parsed;
        try {
            parsed = cl.parseArgs(Arrays.copyOfRange(args, 1, args.length));
        } catch (CommandLine.UnmatchedArgumentException e) {
            String first = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
            throw new UsageException((first.startsWith("-") ? "unknown option " : "unexpected argument ") + first);
        } catch (CommandLine.MissingParameterException e) {
            throw new UsageException("missing value for " + e.getMissing().stream()
                    .map(a -> a instanceof OptionSpec o ? o.longestName() : a.paramLabel()).findFirst().orElse(""));
        } catch (CommandLine.OverwrittenOptionException e) {
            throw new UsageException((e.getOverwritten() instanceof OptionSpec o ? o.longestName() : "an option")
                    + " given twice");
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        if (parsed.isUsageHelpRequested()) {
            throw new HelpRequested(cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        Map<String, String> opts = new HashMap<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (FLAGS.contains(o.longestName())) {
                opts.put(o.longestName(), "true");
            } else if (!o.usageHelp()) {
                opts.put(o.longestName(), parsed.matchedOptionValue(o.longestName(), ""));
            }
        }
        return opts;
    }

    /** The picocli model of a command: its options from {@link #OPTION_HELP}, {@code --help}, exit codes. */
    private static CommandSpec spec(String command, Set<String> allowed) {
        CommandSpec spec = CommandSpec.create().name("gridcast-server " + command);
        spec.usageMessage().customSynopsis(USAGE.lines()
                        .filter(l -> l.contains("gridcast-server " + command + " ")).findFirst()
                        .map(l -> l.substring(l.indexOf("gridcast-server"))).orElse(USAGE))
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(command.equals("migrate-keys") ? MIGRATE_EXIT_CODES : EXIT_CODES);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help and exit").build());
        for (String name : new TreeSet<>(allowed)) {
            OptionHelp help = OPTION_HELP.getOrDefault(name, new OptionHelp("VALUE", ""));
            if (FLAGS.contains(name)) {
                spec.addOption(OptionSpec.builder(name).arity("0").description(help.text()).build());
            } else {
                spec.addOption(OptionSpec.builder(name).type(String.class).arity("1").paramLabel(help.label())
                        .description(help.text()).build());
            }
        }
        return spec;
    }

    static ServerConfig config(Map<String, String> o) {
        ServerConfig.Builder b = ServerConfig.builder(Path.of(o.get("--data-dir")));
        try {
            if (o.containsKey("--port")) {
                b.port(Integer.parseInt(o.get("--port")));
            }
            if (o.containsKey("--http-port")) {
                b.httpPort(Integer.parseInt(o.get("--http-port")));
            }
            if (o.containsKey("--admin-port")) {
                b.adminPort(Integer.parseInt(o.get("--admin-port")));
            }
            if (o.containsKey("--admin-host")) {
                b.adminHost(o.get("--admin-host"));
            }
            if (o.containsKey("--max-connections")) {
                b.maxConnections(Integer.parseInt(o.get("--max-connections")));
            }
            if (o.containsKey("--max-connections-per-ip")) {
                b.maxConnectionsPerIp(Integer.parseInt(o.get("--max-connections-per-ip")));
            }
            if (o.containsKey("--max-in-flight")) {
                b.maxInFlight(wholeNumber(o, "--max-in-flight"));
            }
            if (o.containsKey("--max-logins-in-flight")) {
                b.maxLoginsInFlight(wholeNumber(o, "--max-logins-in-flight"));
            }
            if (o.containsKey("--heartbeat")) {
                b.heartbeat(Duration.ofSeconds(Long.parseLong(o.get("--heartbeat"))));
            }
            b.node(o.get("--node"));
            if (o.containsKey("--tls-cert") != o.containsKey("--tls-key")) {
                throw new UsageException("--tls-cert and --tls-key must be given together");
            }
            b.tls(path(o, "--tls-cert"), path(o, "--tls-key"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (o.containsKey("--bind")) {
            b.bindHost(o.get("--bind"));
        }
        b.redisUri(o.get("--redis"));
        if (o.containsKey("--redis-cluster")) {
            b.redisCluster(clusterEndpoint(o));
        } else if (o.containsKey("--redis-password-file") || o.containsKey("--redis-wait-replicas")) {
            throw new UsageException("--redis-password-file and --redis-wait-replicas need --redis-cluster");
        }
        if (o.containsKey("--seeds")) {
            b.seeds(o.get("--seeds"));
        }
        if (o.containsKey("--secret-file")) {
            b.secretFile(Path.of(o.get("--secret-file")));
        }
        if (o.containsKey("--ready-file")) {
            b.readyFile(Path.of(o.get("--ready-file")));
        }
        if (o.containsKey("--media-dir")) {
            b.mediaDir(Path.of(o.get("--media-dir")));
        }
        if (o.containsKey("--media-budget-mb")) {
            long mb;
            try {
                mb = Long.parseLong(o.get("--media-budget-mb"));
            } catch (NumberFormatException e) {
                throw new UsageException("--media-budget-mb must be a number");
            }
            if (mb < 0 || mb > MAX_MEDIA_BUDGET_MB) {
                throw new UsageException("--media-budget-mb must be 0.." + MAX_MEDIA_BUDGET_MB + ", got " + mb);
            }
            b.mediaLimits(MediaLimits.DEFAULTS.withDiskBudget(mb * 1024 * 1024));
        }
        if (o.containsKey("--node-reap-grace")) {
            try {
                b.nodeReapGrace(Duration.ofSeconds(Long.parseLong(o.get("--node-reap-grace"))));
            } catch (IllegalArgumentException e) {   // NumberFormatException too
                throw new UsageException("--node-reap-grace: " + e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage()); // options that conflict, e.g. logins above the node's cap
        }
    }

    private static org.gridcast.server.redis.RedisEndpoint clusterEndpoint(Map<String, String> o) {
        if (o.containsKey("--redis")) {
            throw new UsageException("--redis and --redis-cluster exclude each other");
        }
        char[] password = null;
        if (o.containsKey("--redis-password-file")) {
            try {
                password = java.nio.file.Files.readString(Path.of(o.get("--redis-password-file"))).strip().toCharArray();
            } catch (java.io.IOException e) {
                throw new UsageException("cannot read --redis-password-file: " + e.getMessage());
            }
        }
        try {
            var endpoint = org.gridcast.server.redis.RedisEndpoint.cluster(o.get("--redis-cluster"), password);
            return o.containsKey("--redis-wait-replicas")
                    ? endpoint.waitReplicas(Integer.parseInt(o.get("--redis-wait-replicas"))) : endpoint;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int wholeNumber(Map<String, String> o, String name) {
        try {
            return Integer.parseInt(o.get(name));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, got '" + o.get(name) + "'");
        }
    }

    private static Path path(Map<String, String> o, String name) {
        return o.containsKey(name) ? Path.of(o.get(name)) : null;
    }

    /** Starts a node as {@code serve} does; the caller owns (closes) it. */
    static GridcastServer startNode(Map<String, String> opts) throws Exception {
        ServerConfig config = config(opts);
        return GridcastServer.start(config, GridcastServices.forConfig(config));
    }

    private static void serve(Map<String, String> opts) throws Exception {
        GridcastServer server = startNode(opts);
        server.failure().thenAccept(e -> {
            System.err.println("gridcast-server: " + e.getMessage());
            System.exit(1); // the shutdown hook closes the node
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "gridcast-shutdown"));
        Thread keeper = new Thread(() -> {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gridcast-main");
        keeper.start();
    }

    /**
     * {@code migrate-keys}: the Redis is the one {@code serve} would use with the same options;
     * prints the JSON summary on stdout (a dry run's too), and exits {@link #EXIT_CONFLICTS} when
     * keys were found under both names.
     */
    private static int migrateKeys(Map<String, String> o, PrintStream out, PrintStream err) throws Exception {
        MigrationTarget target;
        if (o.containsKey("--redis-cluster")) {
            target = MigrationTarget.external(clusterEndpoint(o));
        } else if (o.containsKey("--redis-password-file")) {
            throw new UsageException("--redis-password-file needs --redis-cluster (a --redis URL carries its password)");
        } else if (o.containsKey("--redis")) {
            RedisEndpoint endpoint;
            try {
                endpoint = RedisEndpoint.single(o.get("--redis"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("bad --redis URL: " + e.getMessage());
            }
            target = MigrationTarget.external(endpoint);
        } else if (o.containsKey("--data-dir")) {
            target = MigrationTarget.embedded(Path.of(o.get("--data-dir")));
        } else {
            throw new UsageException("migrate-keys needs --data-dir, --redis or --redis-cluster");
        }
        try (target) {
            MigrationReport report = new KeyMigration(target.redis(), target.mover(), o.containsKey("--dry-run")).run();
            out.println(report.toJson(target.kind()));
            if (report.conflicts() > 0) {
                err.println("gridcast-server: " + report.conflicts() + " old key(s) have a new name that holds another"
                        + " value; both kept, the directory not switched over (see conflictKeys, docs/OPERATIONS.md)");
                return EXIT_CONFLICTS;
            }
            return 0;
        }
    }

    private static String token(Map<String, String> o) throws Exception {
        String member = o.get("--member");
        if (member == null || member.isEmpty()) {
            throw new UsageException("--member is required");
        }
        Duration ttl = TokenService.DEFAULT_TTL;
        if (o.containsKey("--ttl-hours")) {
            long maxHours = TokenService.MAX_TTL.toHours();
            long hours;
            try {
                hours = Long.parseLong(o.get("--ttl-hours"));
            } catch (NumberFormatException e) {
                throw new UsageException("--ttl-hours must be a number");
            }
            if (hours < 1 || hours > maxHours) {
                throw new UsageException("--ttl-hours must be 1.." + maxHours + " (the default token life), got " + hours);
            }
            ttl = Duration.ofHours(hours);
        }
        Path dataDir = Path.of(o.get("--data-dir"));
        Path secret = o.containsKey("--secret-file") ? Path.of(o.get("--secret-file"))
                : dataDir.resolve(ServerConfig.DEFAULT_SECRET_FILE);
        TokenService tokens = new TokenService(Secret.loadOrCreate(secret), Clock.systemUTC());
        try {
            return tokens.issue(member, o.getOrDefault("--device", ""), ttl);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The app's address for {@code token --link}: --public-url, else loopback on --http-port; null without --link. */
    private static String publicUrl(Map<String, String> o) {
        if (o.containsKey("--public-url") && o.containsKey("--http-port")) {
            throw new UsageException("--public-url and --http-port exclude each other (the URL names its port)");
        }
        if (!o.containsKey("--link") && (o.containsKey("--public-url") || o.containsKey("--http-port"))) {
            throw new UsageException("--public-url and --http-port go with --link");
        }
        if (!o.containsKey("--link")) {
            return null;
        }
        try {
            if (o.containsKey("--public-url")) {
                return SignInLink.checkBase(o.get("--public-url"));
            }
            int port = o.containsKey("--http-port") ? Integer.parseInt(o.get("--http-port")) : ServerConfig.DEFAULT_HTTP_PORT;
            if (port < 1 || port > 65535) {
                throw new UsageException("--http-port must be 1..65535, got " + port);
            }
            return "http://127.0.0.1:" + port;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --help} was given: the message is the usage to print (exit 0). */
    static final class HelpRequested extends RuntimeException {
        HelpRequested(String usage) {
            super(usage);
        }
    }
}
