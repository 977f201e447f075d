package org.gridcast.server;

import io.lettuce.core.RedisClient;
import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.event.DefaultEventPublisherOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gridcast.protocol.Envelope.BodyCase;
import org.gridcast.server.auth.BearerAuth;
import org.gridcast.server.auth.Revocations;
import org.gridcast.server.auth.Secret;
import org.gridcast.server.auth.TokenService;
import org.gridcast.server.fanout.LocalFanout;
import org.gridcast.server.fanout.ClassicSubscriber;
import org.gridcast.server.fanout.NodeBus;
import org.gridcast.server.fanout.NodeSubscriber;
import org.gridcast.server.fanout.Routes;
import org.gridcast.server.fanout.ShardedSubscriber;
import org.gridcast.server.http.AdminInitializer;
import org.gridcast.server.http.HttpConnections;
import org.gridcast.server.http.HttpInitializer;
import org.gridcast.server.http.Readiness;
import org.gridcast.server.media.Media;
import org.gridcast.server.media.MediaFiles;
import org.gridcast.server.media.MediaLedger;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.metrics.RuntimeMetrics;
import org.gridcast.server.net.ConnectionCap;
import org.gridcast.server.net.Dispatcher;
import org.gridcast.server.net.EventLoops;
import org.gridcast.server.net.GridcastInitializer;
import org.gridcast.server.net.Listener;
import org.gridcast.server.net.ServerTls;
import org.gridcast.server.net.SessionPipeline;
import org.gridcast.server.presence.NodeReaper;
import org.gridcast.server.presence.Presence;
import org.gridcast.server.presence.PresenceQuery;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisServerProcess;
import org.gridcast.server.redis.RedisSupervisor;
import org.gridcast.server.session.IdleSweeper;
import org.gridcast.server.session.LoginHandler;
import org.gridcast.server.session.LogoutHandler;
import org.gridcast.server.session.PingHandler;
import org.gridcast.server.session.SessionRegistry;
import org.gridcast.server.upgrade.OldLayoutCheck;
import org.gridcast.server.web.WebAssets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: starts Redis (private process or URL), the node's Redis-backed
 * services, the dispatcher with its handlers, and the TCP and HTTP listeners, in that order;
 * {@link #close()} undoes them in reverse. Startable in-process on port 0.
 */
public final class GridcastServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GridcastServer.class);
    /** Time /readyz waits for Redis to answer PING. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RECONNECT_MIN = Duration.ofMillis(10);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(1);
    /** Netty's default: 2 × cores. */
    private static final int DEFAULT_WORKERS = 0;

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private volatile boolean accepting;
    private final CompletableFuture<Exception> failure = new CompletableFuture<>();
    private ServerRuntime runtime;
    private String redisUri;
    private Dispatcher dispatcher;
    private Listener tcp;
    private Listener http;
    private Listener admin;

    private GridcastServer() {
    }

    public static GridcastServer start(ServerConfig config) throws IOException {
        return start(config, Services.defaults());
    }

    public static GridcastServer start(ServerConfig config, Services services) throws IOException {
        GridcastServer server = new GridcastServer();
        try {
            server.boot(config, services);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        } catch (Exception e) {
            server.close();
            throw new IOException("start failed", e);
        }
    }

    private void boot(ServerConfig config, Services services) throws Exception {
        // first, so a bad certificate fails the start before Redis is touched
        ServerTls tls = config.tlsCert().isPresent()
                ? ServerTls.load(config.tlsCert().get(), config.tlsKey().orElseThrow()) : ServerTls.PLAINTEXT;
        RuntimeMetrics runtimeMetrics = new RuntimeMetrics();
        runtimeMetrics.bindTo(services.meterRegistry);
        closeables.push(runtimeMetrics);
        GridcastMetrics metrics = new GridcastMetrics(services.meterRegistry);

        redisUri = config.redisUri().orElse(null);
        if (redisUri == null && config.redisCluster().isEmpty()) {
            RedisServerProcess redisProcess = RedisServerProcess.start(config.dataDir().resolve("redis"));
            closeables.push(redisProcess);
            redisUri = redisProcess.uri();
            RedisSupervisor supervisor = new RedisSupervisor(redisProcess, failure::complete);
            closeables.push(supervisor); // closed before the process, so stopping it is no death
            supervisor.start();
        }
        // No per-command latency meters: Lettuce's histograms (one per command type and
        // connection) made an idle scrape 420 KB; Redis's own INFO commandstats has the figures.
        ClientResources resources = ClientResources.builder()
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .commandLatencyPublisherOptions(DefaultEventPublisherOptions.disabled())
                // Reconnect within a second or two of Redis coming back (a restart of the private
                // one takes about that); Lettuce's default backoff waits up to 30 s.
                .reconnectDelay(Delay.exponential(RECONNECT_MIN, RECONNECT_MAX, 2, TimeUnit.MILLISECONDS))
                .build();
        closeables.push(() -> resources.shutdown(0, 2, TimeUnit.SECONDS).get());
        RedisConnector connector = config.redisCluster().isPresent()
                ? new RedisConnector(config.redisCluster().get(), resources)
                : new RedisConnector(redisUri, resources);
        closeables.push(connector);
        RedisLink<String, byte[]> redis = connector.connect();
        closeables.push(redis);
        // before anything writes: keys of the version before hash tags make this Redis look empty,
        // and the directory module would import the seeds beside the old directory
        OldLayoutCheck.refuseOldLayout(redis);

        TokenService tokens = new TokenService(Secret.loadOrCreate(config.secretFile()), services.clock);
        Revocations revocations = new Revocations(redis, services.clock);
        String node = config.node().orElseGet(GridcastServer::randomNode);
        SessionRegistry sessions = new SessionRegistry();
        metrics.sessionsGauge(sessions::size);
        Routes routes = new Routes(node, redis);
        Presence presence = new Presence(node, redis, routes, services.hierarchy, services.presenceTimings);
        sessions.addListener(presence);
        PresenceQuery presenceQuery = new PresenceQuery(redis, routes);
        LocalFanout fanout = new LocalFanout(sessions, services.hierarchy, services.parties, metrics,
                PooledByteBufAllocator.DEFAULT);
        NodeSubscriber subscriber = connector.clusterClient().isPresent()
                ? new ShardedSubscriber(connector.clusterClient().get(), RedisClient.create(resources),
                        config.redisCluster().get().seeds().get(0), node)
                : new ClassicSubscriber(connector.connectPubSub());
        NodeBus bus = new NodeBus(node, subscriber, redis, sessions, fanout, services.moves, metrics);
        closeables.push(bus);
        bus.start();
        presence.start(sessions::all);
        closeables.push(presence);
        NodeReaper reaper = new NodeReaper(node, redis, services.presenceTimings, config.nodeReaping());
        closeables.push(reaper);
        reaper.start();
        if (connector.isCluster()) {
            // after a failover, put back routes and presence the lost master had not replicated
            reactor.core.Disposable topology = resources.eventBus().get()
                    .filter(e -> e instanceof io.lettuce.core.cluster.event.ClusterTopologyChangedEvent)
                    .subscribe(e -> presence.reassert(sessions.all()));
            closeables.push(topology::dispose);
        }

        runtime = new ServerRuntime(config, node, services.clock, connector, redis, tokens, revocations, sessions,
                presence, presenceQuery, fanout, bus, metrics);
        var loginStates = services.loginStates.apply(redis);
        dispatcher = new Dispatcher(metrics, config.maxInFlight())
                .limit(BodyCase.LOGIN, LoginHandler.admission(config.maxLoginsInFlight()));
        int heartbeat = (int) config.heartbeat().toSeconds();
        dispatcher.registerAnonymous(BodyCase.LOGIN, new LoginHandler(tokens, revocations,
                services.members.apply(redis), loginStates, sessions, presence, heartbeat, metrics,
                config.loginQueueBudget()));
        dispatcher.register(BodyCase.PING, new PingHandler(services.clock));
        dispatcher.registerClosing(BodyCase.LOGOUT, new LogoutHandler(revocations));
        for (HandlerModule module : services.modules) {
            module.register(dispatcher, runtime);
        }

        EventLoops loops = new EventLoops(DEFAULT_WORKERS);
        closeables.push(loops);
        closeables.push(new IdleSweeper(sessions, config.heartbeat().multipliedBy(ServerConfig.IDLE_BEATS),
                services.clock, loops.workers().next()));
        SessionPipeline pipeline = new SessionPipeline(dispatcher, services.limits, metrics, loginStates, sessions);
        Supplier<String> scrape = services.meterRegistry instanceof PrometheusMeterRegistry p
                ? p::scrape : () -> "# no Prometheus registry\n";
        // Healthy: Redis answers PING (the node can do nothing without it); ready: also accepting.
        // A lost connection is unhealthy at once: a PING would wait in Lettuce's queue for the
        // reconnect, and a quick restart would hide the outage from every probe.
        Readiness health = () -> !redis.isOpen()
                ? CompletableFuture.completedFuture(false)
                : redis.async().ping().toCompletableFuture()
                        .completeOnTimeout("timeout", READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .thenApply("PONG"::equals);
        Readiness readiness = () -> accepting ? health.check() : CompletableFuture.completedFuture(false);
        ConnectionCap cap = new ConnectionCap(config.maxConnections(), config.maxConnectionsPerIp(),
                !config.capLoopback(), services.meterRegistry);
        HttpConnections httpConnections = new HttpConnections(services.meterRegistry);
        RedisLink<String, String> mediaRedis = connector.connectStrings();
        closeables.push(mediaRedis);
        Media media = new Media(new BearerAuth(tokens, revocations, services.members.apply(redis)),
                new MediaLedger(mediaRedis.async()),
                MediaFiles.open(config.mediaDir(), config.mediaLimits().diskBudgetBytes()),
                services.eventViewers, config.mediaLimits(), services.meterRegistry, services.clock);
        tcp = Listener.bind(loops, config.bindHost(), config.port(), new GridcastInitializer(pipeline, tls), services.limits, cap);
        closeables.push(tcp);
        http = Listener.bind(loops, config.bindHost(), config.httpPort(),
                new HttpInitializer(pipeline, health, readiness, httpConnections, tls, WebAssets.fromClasspath(), media), services.limits, cap);
        closeables.push(http);
        admin = Listener.bind(loops, config.adminHost(), config.adminPort(),
                new AdminInitializer(scrape, health, readiness, httpConnections, pipeline.exceptions()), services.limits);
        closeables.push(admin);
        closeables.push(() -> accepting = false);
        accepting = true;
        if (config.readyFile().isPresent()) {
            ReadyFile.write(config.readyFile().get(), tcp.port(), http.port(), admin.port(), node);
        }
        log.info("node {} accepting clients on tcp {} and http {}, admin {}:{} (redis {}, tls {})", node, tcp.port(),
                http.port(), config.adminHost(), admin.port(), config.redisCluster().isPresent() ? "cluster"
                        : config.redisUri().isPresent() ? "external" : "private",
                tls.describe());
    }

    public int tcpPort() {
        return tcp.port();
    }

    public int httpPort() {
        return http.port();
    }

    /** The admin HTTP port: /metrics, /healthz, /readyz. */
    public int adminPort() {
        return admin.port();
    }

    public String node() {
        return runtime.node();
    }

    /** The Redis this node uses: its private redis-server, or the configured URL. */
    public String redisUri() {
        return redisUri;
    }

    /** The node's dispatcher: its in-flight counts are what the admission caps act on. */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public ServerRuntime runtime() {
        return runtime;
    }

    /**
     * Completes when the node cannot go on: its private redis-server died and could not be
     * restarted. {@code serve} exits non-zero then.
     */
    public CompletableFuture<Exception> failure() {
        return failure;
    }

    public boolean isAccepting() {
        return accepting;
    }

    /** Stops accepting, closes connections, removes this node's presence, then stops Redis. */
    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("shutdown step failed: {}", e.toString());
            }
        }
    }

    private static String randomNode() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return "n-" + HexFormat.of().formatHex(b);
    }
}
