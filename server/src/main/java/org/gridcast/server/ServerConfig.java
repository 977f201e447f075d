package org.gridcast.server;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.gridcast.server.media.MediaLimits;
import org.gridcast.server.net.Dispatcher;
import org.gridcast.server.session.LoginHandler;

/**
 * Everything an operator can set on {@code serve}; immutable, built with {@link #builder(Path)}.
 * Unset values take the documented {@code DEFAULT_*}.
 */
public final class ServerConfig {
    /** TCP port for clients; 0 = any free port (the ready file tells which). */
    public static final int DEFAULT_PORT = 7400;
    /** Public HTTP port for /ws, /healthz and /readyz; 0 = any free port. */
    public static final int DEFAULT_HTTP_PORT = 7480;
    /** Under the data dir: uploaded photos ({@code media/ab/<sha256>}, {@code media/tmp}). */
    public static final String DEFAULT_MEDIA_DIR = "media";
    /**
     * Admin HTTP port for /metrics (and /healthz, /readyz). Unset, it is 7481, or any free port
     * when the HTTP port is 0 (tests and the load tester run many nodes on one machine).
     */
    public static final int DEFAULT_ADMIN_PORT = 7481;
    /**
     * The admin port listens on loopback only by default: /metrics tells who is online and how
     * the node is doing, and a full scrape is the most expensive answer the node gives, so it is
     * not for the internet. An operator who scrapes from another host sets --admin-host.
     */
    public static final String DEFAULT_ADMIN_HOST = "127.0.0.1";
    /**
     * Heartbeat advertised in LoginOk. Mobile carriers drop idle NAT mappings after a few minutes;
     * 30 s keeps them alive while costing a phone little battery. A session silent for
     * {@link #IDLE_BEATS} intervals is closed.
     */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);
    /** Shortest reap grace: tests; a production grace must outlast a restart. */
    public static final Duration MIN_NODE_REAP_GRACE = Duration.ofSeconds(1);
    /** Longest reap grace: past a week a dead node's routes have cost more than they could save. */
    public static final Duration MAX_NODE_REAP_GRACE = Duration.ofDays(7);
    /** Missed heartbeats after which a session is closed (IDLE_TIMEOUT). */
    public static final int IDLE_BEATS = 3;
    /** Secret file name inside the data dir when --secret-file is not given. */
    public static final String DEFAULT_SECRET_FILE = "secret";
    /** Bind address; clients of a deployment reach it through a load balancer or directly. */
    public static final String DEFAULT_BIND = "0.0.0.0";
    /**
     * File descriptors kept free below the process's open-file limit when the connection cap is
     * derived from it: Redis connections, jars, logs, epoll and the accept that finds the cap.
     */
    public static final int FD_RESERVE = 1_000;
    /** The connection cap when the open-file limit cannot be read: the design's node size. */
    public static final int FALLBACK_MAX_CONNECTIONS = 1_000_000;
    /**
     * Connections from one remote address. A village's shared broadband or a carrier-grade NAT
     * puts hundreds of phones behind one address, so this is well above one household and far
     * below what it takes one host to exhaust a node. Loopback is exempt by default.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 1_024;
    /** Requests a node works on at once, all kinds together ({@code --max-in-flight}). */
    public static final int DEFAULT_MAX_IN_FLIGHT = Dispatcher.DEFAULT_MAX_IN_FLIGHT;
    /**
     * Logins a node works on at once ({@code --max-logins-in-flight}). A login waits on about 5
     * sequential Redis round trips (6 commands). Six nodes on one redis-server on a 2-core box
     * completed ~470 logins/s together (BENCHMARKS.md); by Little's law the logins in flight on
     * all nodes are throughput x latency, so N nodes x L logins each wait N x L / 470 s: with
     * L = 64 that is 0.8 s for six nodes, well inside Lettuce's 5 s command timeout even when
     * fetches share the queue, where the old 4,096 queued ~50 s. One node alone on a Redis
     * does a login in about a millisecond, so 64 at once still allows tens of thousands a second;
     * the cap only binds when Redis is the bottleneck.
     */
    public static final int DEFAULT_MAX_LOGINS_IN_FLIGHT = 64;
    /** Past this a cap on work in flight is surely a typo (the queue would be minutes long). */
    public static final int MAX_IN_FLIGHT_LIMIT = 1_000_000;

    /**
     * Connections the process holds at most (TCP and HTTP/WebSocket together): its open-file
     * limit minus {@link #FD_RESERVE}, so the cap refuses cleanly before accept fails with
     * EMFILE for everyone; {@link #FALLBACK_MAX_CONNECTIONS} when the limit is unknown.
     */
    public static int defaultMaxConnections() {
        long fds = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            fds = unix.getMaxFileDescriptorCount();
        }
        if (fds <= 0) {
            return FALLBACK_MAX_CONNECTIONS;
        }
        long cap = fds > 2L * FD_RESERVE ? fds - FD_RESERVE : Math.max(1, fds / 2);
        return (int) Math.min(cap, Integer.MAX_VALUE);
    }

    private final Path dataDir;
    private final String bindHost;
    private final int port;
    private final int httpPort;
    private final String adminHost;
    private final int adminPort;
    private final String redisUri;
    private final org.gridcast.server.redis.RedisEndpoint redisCluster;
    private final String seeds;
    private final Path secretFile;
    private final Path readyFile;
    private final String node;
    private final Duration heartbeat;
    private final Path tlsCert;
    private final Path tlsKey;
    private final int maxConnections;
    private final int maxConnectionsPerIp;
    private final boolean capLoopback;
    private final Path mediaDir;
    private final MediaLimits mediaLimits;
    private final org.gridcast.server.presence.NodeReaping nodeReaping;
    private final int maxInFlight;
    private final int maxLoginsInFlight;
    private final Duration loginQueueBudget;

    private ServerConfig(Builder b) {
        this.dataDir = Objects.requireNonNull(b.dataDir, "dataDir");
        this.bindHost = b.bindHost;
        this.port = b.port;
        this.httpPort = b.httpPort;
        this.adminHost = b.adminHost;
        this.adminPort = b.adminPort != null ? b.adminPort : (b.httpPort == 0 ? 0 : DEFAULT_ADMIN_PORT);
        this.redisUri = b.redisUri;
        this.redisCluster = b.redisCluster;
        if (redisUri != null && redisCluster != null) {
            throw new IllegalArgumentException("--redis and --redis-cluster exclude each other");
        }
        this.seeds = b.seeds;
        this.secretFile = b.secretFile != null ? b.secretFile : b.dataDir.resolve(DEFAULT_SECRET_FILE);
        this.readyFile = b.readyFile;
        this.node = b.node;
        this.heartbeat = b.heartbeat;
        this.tlsCert = b.tlsCert;
        this.tlsKey = b.tlsKey;
        this.maxConnections = b.maxConnections > 0 ? b.maxConnections : defaultMaxConnections();
        this.maxConnectionsPerIp = b.maxConnectionsPerIp;
        this.capLoopback = b.capLoopback;
        this.mediaDir = b.mediaDir != null ? b.mediaDir : b.dataDir.resolve(DEFAULT_MEDIA_DIR);
        this.mediaLimits = b.mediaLimits;
        this.nodeReaping = b.nodeReaping;
        this.maxInFlight = b.maxInFlight;
        if (b.maxLoginsInFlight == null) {
            // unset: the default, but never above a smaller node-wide cap the operator chose
            this.maxLoginsInFlight = Math.min(DEFAULT_MAX_LOGINS_IN_FLIGHT, maxInFlight);
        } else if (b.maxLoginsInFlight > maxInFlight) {
            throw new IllegalArgumentException("--max-logins-in-flight (" + b.maxLoginsInFlight
                    + ") must not exceed --max-in-flight (" + maxInFlight + ")");
        } else {
            this.maxLoginsInFlight = b.maxLoginsInFlight;
        }
        this.loginQueueBudget = b.loginQueueBudget;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public Path dataDir() {
        return dataDir;
    }

    public String bindHost() {
        return bindHost;
    }

    public int port() {
        return port;
    }

    public int httpPort() {
        return httpPort;
    }

    public String adminHost() {
        return adminHost;
    }

    public int adminPort() {
        return adminPort;
    }

    /** Redis URL; empty = start a private redis-server in {@code dataDir/redis}. */
    public Optional<String> redisUri() {
        return Optional.ofNullable(redisUri);
    }

    /** The Redis Cluster to use ({@code --redis-cluster}); empty = {@link #redisUri()} or the private one. */
    public Optional<org.gridcast.server.redis.RedisEndpoint> redisCluster() {
        return Optional.ofNullable(redisCluster);
    }

    /** Seed file for the one-time directory import; empty = none. */
    public Optional<String> seeds() {
        return Optional.ofNullable(seeds);
    }

    public Path secretFile() {
        return secretFile;
    }

    public Optional<Path> readyFile() {
        return Optional.ofNullable(readyFile);
    }

    /** Node id; empty = a random one per start. */
    public Optional<String> node() {
        return Optional.ofNullable(node);
    }

    /** When a dead node id's routes and presence are removed (see {@link Builder#nodeReapGrace}). */
    public org.gridcast.server.presence.NodeReaping nodeReaping() {
        return nodeReaping;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    /** PEM certificate chain for TLS on both ports; empty = plaintext. Set together with {@link #tlsKey()}. */
    public Optional<Path> tlsCert() {
        return Optional.ofNullable(tlsCert);
    }

    /** PEM PKCS#8 private key of {@link #tlsCert()}. */
    public Optional<Path> tlsKey() {
        return Optional.ofNullable(tlsKey);
    }

    /** Connections the process holds at most; see {@link #defaultMaxConnections()}. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Connections from one remote address; see {@link #DEFAULT_MAX_CONNECTIONS_PER_IP}. */
    public int maxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    /** True when loopback clients count against the per-address cap too (default false). */
    public boolean capLoopback() {
        return capLoopback;
    }

    /** Where uploaded photos are stored (default {@code dataDir/media}). */
    public Path mediaDir() {
        return mediaDir;
    }

    public MediaLimits mediaLimits() {
        return mediaLimits;
    }

    /** Requests the node works on at once; past it UNAVAILABLE at once. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** Logins the node works on at once; see {@link #DEFAULT_MAX_LOGINS_IN_FLIGHT}. */
    public int maxLoginsInFlight() {
        return maxLoginsInFlight;
    }

    /** How long a login's first reads may take before it is refused; see {@code LoginHandler}. */
    public Duration loginQueueBudget() {
        return loginQueueBudget;
    }

    public Builder toBuilder() {
        Builder b = new Builder(dataDir);
        b.bindHost = bindHost;
        b.port = port;
        b.httpPort = httpPort;
        b.adminHost = adminHost;
        b.adminPort = adminPort;
        b.redisUri = redisUri;
        b.redisCluster = redisCluster;
        b.seeds = seeds;
        b.secretFile = secretFile;
        b.readyFile = readyFile;
        b.node = node;
        b.heartbeat = heartbeat;
        b.tlsCert = tlsCert;
        b.tlsKey = tlsKey;
        b.maxConnections = maxConnections;
        b.maxConnectionsPerIp = maxConnectionsPerIp;
        b.capLoopback = capLoopback;
        b.mediaDir = mediaDir;
        b.mediaLimits = mediaLimits;
        b.nodeReaping = nodeReaping;
        b.maxInFlight = maxInFlight;
        b.maxLoginsInFlight = maxLoginsInFlight;
        b.loginQueueBudget = loginQueueBudget;
        return b;
    }

    public static final class Builder {
        private final Path dataDir;
        private String bindHost = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private int httpPort = DEFAULT_HTTP_PORT;
        private String adminHost = DEFAULT_ADMIN_HOST;
        private Integer adminPort;
        private String redisUri;
        private org.gridcast.server.redis.RedisEndpoint redisCluster;
        private String seeds;
        private Path secretFile;
        private Path readyFile;
        private String node;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private Path tlsCert;
        private Path tlsKey;
        private int maxConnections;
        private int maxConnectionsPerIp = DEFAULT_MAX_CONNECTIONS_PER_IP;
        private boolean capLoopback;
        private Path mediaDir;
        private MediaLimits mediaLimits = MediaLimits.DEFAULTS;
        private org.gridcast.server.presence.NodeReaping nodeReaping = org.gridcast.server.presence.NodeReaping.DEFAULTS;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Integer maxLoginsInFlight;
        private Duration loginQueueBudget = LoginHandler.DEFAULT_QUEUE_BUDGET;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder bindHost(String host) {
            this.bindHost = Objects.requireNonNull(host);
            return this;
        }

        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = checkPort(port);
            return this;
        }

        public Builder adminHost(String host) {
            this.adminHost = Objects.requireNonNull(host);
            return this;
        }

        public Builder adminPort(int port) {
            this.adminPort = checkPort(port);
            return this;
        }

        public Builder redisUri(String uri) {
            this.redisUri = uri;
            return this;
        }

        public Builder redisCluster(org.gridcast.server.redis.RedisEndpoint cluster) {
            this.redisCluster = cluster;
            return this;
        }

        public Builder seeds(String seeds) {
            this.seeds = seeds;
            return this;
        }

        public Builder secretFile(Path file) {
            this.secretFile = file;
            return this;
        }

        public Builder readyFile(Path file) {
            this.readyFile = file;
            return this;
        }

        public Builder node(String node) {
            if (node != null && (node.isBlank() || node.contains(":"))) {
                throw new IllegalArgumentException("node id must be non-blank without ':'");
            }
            this.node = node;
            return this;
        }

        public Builder heartbeat(Duration heartbeat) {
            if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.toSeconds() > 3600) {
                throw new IllegalArgumentException("heartbeat must be 1..3600 seconds");
            }
            this.heartbeat = heartbeat;
            return this;
        }

        /** Serve TLS on the TCP port and HTTPS/WSS on the HTTP port; both null = plaintext. */
        public Builder tls(Path certChain, Path privateKey) {
            if ((certChain == null) != (privateKey == null)) {
                throw new IllegalArgumentException("a TLS certificate and its key go together");
            }
            this.tlsCert = certChain;
            this.tlsKey = privateKey;
        return this;
        }

        /** @param max connections the process holds at most; 0 = derived from the open-file limit */
        public Builder maxConnections(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("max connections must be >= 0");
            }
            this.maxConnections = max;
            return this;
        }

        public Builder maxConnectionsPerIp(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max connections per IP must be >= 1");
            }
            this.maxConnectionsPerIp = max;
            return this;
        }

        /** Counts loopback clients against the per-address cap too (off: a local proxy is every client). */
        public Builder capLoopback(boolean cap) {
            this.capLoopback = cap;
            return this;
        }

        /** Default {@code dataDir/media}; several nodes behind one address share one (docs/WEB.md). */
        public Builder mediaDir(Path dir) {
            this.mediaDir = dir;
            return this;
        }

        public Builder mediaLimits(MediaLimits limits) {
            this.mediaLimits = Objects.requireNonNull(limits);
            return this;
        }

        /**
         * How long after its lease expired a node id that never came back keeps its routes and
         * presence ({@code --node-reap-grace}; default 10 minutes): longer than a restart takes.
         */
        public Builder nodeReapGrace(Duration grace) {
            if (grace.compareTo(MIN_NODE_REAP_GRACE) < 0 || grace.compareTo(MAX_NODE_REAP_GRACE) > 0) {
                throw new IllegalArgumentException("node reap grace must be " + MIN_NODE_REAP_GRACE.toSeconds() + ".."
                        + MAX_NODE_REAP_GRACE.toSeconds() + " seconds");
            }
            this.nodeReaping = org.gridcast.server.presence.NodeReaping.afterGrace(grace);
            return this;
        }

        /** Requests the node works on at once, 1..{@link #MAX_IN_FLIGHT_LIMIT}. */
        public Builder maxInFlight(int max) {
            this.maxInFlight = checkInFlight("--max-in-flight", max);
            return this;
        }

        /** Logins the node works on at once, 1..{@link #MAX_IN_FLIGHT_LIMIT} and at most {@link #maxInFlight}. */
        public Builder maxLoginsInFlight(int max) {
            this.maxLoginsInFlight = checkInFlight("--max-logins-in-flight", max);
            return this;
        }

        public Builder loginQueueBudget(Duration budget) {
            if (budget.isNegative() || budget.isZero()) {
                throw new IllegalArgumentException("login queue budget must be positive");
            }
            this.loginQueueBudget = budget;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }

        private static int checkInFlight(String option, int max) {
            if (max < 1 || max > MAX_IN_FLIGHT_LIMIT) {
                throw new IllegalArgumentException(option + " must be 1.." + MAX_IN_FLIGHT_LIMIT + ", got " + max);
            }
            return max;
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }
    }
}
