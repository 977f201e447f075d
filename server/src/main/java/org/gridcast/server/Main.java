package org.gridcast.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.gridcast.server.auth.Secret;
import org.gridcast.server.auth.TokenService;

/**
 * Command line: {@code serve} runs a node, {@code token} prints a login token. See
 * docs/CONFIGURATION.md. Exit codes: 0 ok, 1 failed, 2 bad usage.
 */
public final class Main {
    static final String USAGE = "usage: gridcast-server serve --data-dir D [--port P] [--http-port H]"
            + " [--admin-port A] [--admin-host HOST] [--redis URL]"
            + " [--seeds PATH|synthetic:N] [--secret-file F] [--ready-file R] [--node NAME] [--heartbeat SECONDS]"
            + " [--bind ADDR] [--tls-cert PEM --tls-key PEM] [--max-connections N] [--max-connections-per-ip N]\n"
            + "       gridcast-server token --data-dir D [--secret-file F] --member ID [--device DEV] [--ttl-hours N]";
    static final Set<String> SERVE_OPTIONS = Set.of("--data-dir", "--port", "--http-port", "--admin-port", "--admin-host",
            "--redis", "--seeds", "--secret-file", "--ready-file", "--node", "--heartbeat", "--bind", "--tls-cert",
            "--tls-key", "--max-connections", "--max-connections-per-ip");
    private static final Set<String> TOKEN_OPTIONS = Set.of("--data-dir", "--secret-file", "--member", "--device",
            "--ttl-hours");

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Runs a command; returns the exit code, or -1 when a server is running in the background. */
    static int run(String[] args, PrintStream out, PrintStream err) {
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
                    out.println(token(parse(args, TOKEN_OPTIONS)));
                    return 0;
                }
                default -> throw new UsageException("unknown command " + args[0]);
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (Exception e) {
            err.println("gridcast-server: " + e);
            return 1;
        }
    }

    /** Parses {@code --name value} pairs after the command. */
    static Map<String, String> parse(String[] args, Set<String> allowed) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!allowed.contains(args[i])) {
                throw new UsageException("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value for " + args[i]);
            }
            opts.put(args[i], args[i + 1]);
        }
        if (!opts.containsKey("--data-dir")) {
            throw new UsageException("--data-dir is required");
        }
        return opts;
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
        if (o.containsKey("--seeds")) {
            b.seeds(o.get("--seeds"));
        }
        if (o.containsKey("--secret-file")) {
            b.secretFile(Path.of(o.get("--secret-file")));
        }
        if (o.containsKey("--ready-file")) {
            b.readyFile(Path.of(o.get("--ready-file")));
        }
        return b.build();
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

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
