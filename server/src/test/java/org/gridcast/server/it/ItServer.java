package org.gridcast.server.it;

import org.gridcast.server.redis.RedisLink;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.Cursor;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.LoginOk;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.net.ConnectionLimits;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;

/**
 * One production-wired node (real directory, real notice store) on an emptied test Redis, with
 * the seeds imported on start, plus the helpers the core integration tests share: tokens,
 * logged-in clients, and direct reads of the Redis layout (docs/ARCHITECTURE.md) to prove that a
 * refused request stored nothing.
 */
final class ItServer implements AutoCloseable {
    /** Bounds every wait on the client library, so a broken server fails a test instead of hanging it. */
    static final long WAIT_SECONDS = 10;

    private final GridcastServer server;
    private final RedisConnector connector;
    private final RedisLink<String, String> redis;
    private volatile LoginOk lastLogin;

    private ItServer(GridcastServer server) {
        this.server = server;
        this.connector = new RedisConnector(TestRedis.uri());
        this.redis = connector.connectStrings();
    }

    /** Empties Redis and starts a node on seeds {@code spec} (null: the built-in seeds). */
    static ItServer start(String spec) throws IOException {
        return start(spec, c -> c);
    }

    /** As {@link #start(String)}, with {@code config} applied last (TLS, ...). */
    static ItServer start(String spec, UnaryOperator<ServerConfig.Builder> settings) throws IOException {
        TestRedis.flushAll();
        ServerConfig config = settings.apply(ServerConfig.builder(Files.createTempDirectory("gridcast-it"))
                .bindHost("127.0.0.1").port(0).httpPort(0).redisUri(TestRedis.uri()).seeds(spec)).build();
        return new ItServer(GridcastServer.start(config, GridcastServices.builder(config, Clock.systemUTC()).build()));
    }

    /** Like {@link #start(String)} with other connection limits (rate, slow-consumer timeout, water marks). */
    static ItServer start(String spec, ConnectionLimits limits) throws IOException {
        TestRedis.flushAll();
        ServerConfig config = ServerConfig.builder(Files.createTempDirectory("gridcast-it"))
                .bindHost("127.0.0.1").port(0).httpPort(0).redisUri(TestRedis.uri()).seeds(spec).build();
        return new ItServer(GridcastServer.start(config,
                GridcastServices.builder(config, Clock.systemUTC()).limits(limits).build()));
    }

    GridcastServer server() {
        return server;
    }

    int port() {
        return server.tcpPort();
    }

    String token(String member, String device) {
        return server.runtime().tokens().issue(member, device);
    }

    /** A logged-in client library session that records what it is told. */
    Connected client(String member, String device) throws Exception {
        return client(member, device, ClientOptions.defaults());
    }

    Connected client(String member, String device, ClientOptions options) throws Exception {
        Recorder recorder = new Recorder();
        GridcastClient client = GridcastClient.builder().server("127.0.0.1", port()).token(token(member, device))
                .device(device).options(options).listener(recorder).build();
        LoginOk ok = client.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
        return new Connected(client, recorder, ok);
    }

    /** A raw logged-in socket: the protocol as the server speaks it, no client-side dedupe. */
    Wire raw(String member, String device) throws IOException {
        return raw(member, device, List.of());
    }

    /** A raw socket logged in with {@code cursors}; {@link #lastLogin} holds its LoginOk. */
    Wire raw(String member, String device, List<Cursor> cursors) throws IOException {
        Wire w = new Wire(port());
        Envelope reply = w.call(Envelope.newBuilder().setLogin(Login.newBuilder().setToken(token(member, device))
                .setDevice(device).addAllCursors(cursors)));
        if (!reply.hasLoginOk()) {
            w.close();
            throw new AssertionError("login of " + member + " failed: " + reply);
        }
        lastLogin = reply.getLoginOk();
        return w;
    }

    /** The LoginOk of the latest {@link #raw} login. */
    LoginOk lastLogin() {
        return lastLogin;
    }

    /** The highest seq of a channel, read from {@code ch:{C}:log} field {@code head} (0 when empty). */
    long head(String channel) {
        String head = redis.sync().hget("ch:{" + channel + "}:log", "head");
        return head == null ? 0 : Long.parseLong(head);
    }

    /** Every channel key in Redis: a refused post must not add or change any. */
    TreeSet<String> channelKeys() {
        return new TreeSet<>(redis.sync().keys("ch:*"));
    }

    @Override
    public void close() {
        redis.close();
        connector.close();
        server.close();
    }

    /** A connected client library session with its recorder. */
    record Connected(GridcastClient client, Recorder recorder, LoginOk login) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }
}
