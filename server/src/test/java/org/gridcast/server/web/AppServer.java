package org.gridcast.server.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.GridcastClient;
import org.gridcast.protocol.LoginOk;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.testing.TestRedis;

/**
 * A production-wired node for the browser tests: the app served on its HTTP port, the synthetic
 * town {@code synthetic:1100} (ids as in the core ITs' Town: {@code t1-c1-g1-m1-l} leads micro-grid
 * {@code t1-c1-g1-m1}, whose residents are {@code t1-c1-g1-m1-r1..}) on an emptied test Redis.
 * {@link #restart} stops the node and starts a new one on the same ports, data dir and Redis, as
 * an operator's restart would.
 */
final class AppServer implements AutoCloseable {
    static final String SEEDS = "synthetic:1100";
    static final String MICROGRID = "t1-c1-g1-m1";
    static final String LEADER = "t1-c1-g1-m1-l";
    static final long WAIT_SECONDS = 10;

    private final Path dataDir;
    private GridcastServer server;

    private AppServer(Path dataDir, GridcastServer server) {
        this.dataDir = dataDir;
        this.server = server;
    }

    static AppServer start() throws IOException {
        TestRedis.flushAll();
        Path dir = Files.createTempDirectory("gridcast-web-it");
        return new AppServer(dir, start(dir, 0, 0));
    }

    private static GridcastServer start(Path dir, int tcpPort, int httpPort) throws IOException {
        ServerConfig config = ServerConfig.builder(dir).bindHost("127.0.0.1").port(tcpPort).httpPort(httpPort)
                .redisUri(TestRedis.uri()).seeds(SEEDS).build();
        return GridcastServer.start(config, GridcastServices.builder(config, Clock.systemUTC()).build());
    }

    static String resident(int n) {
        return MICROGRID + "-r" + n;
    }

    /** The app's address with a sign-in link for {@code member} on {@code device}. */
    String link(String member, String device) {
        return url() + "#token=" + token(member, device);
    }

    String url() {
        return "http://127.0.0.1:" + server.httpPort() + "/";
    }

    String token(String member, String device) {
        return server.runtime().tokens().issue(member, device);
    }

    int tcpPort() {
        return server.tcpPort();
    }

    /** A Java client library session (the "other phone" of a test). */
    GridcastClient client(String member, String device) throws Exception {
        GridcastClient client = GridcastClient.builder().server("127.0.0.1", tcpPort())
                .token(token(member, device)).device(device).build();
        LoginOk ok = client.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (!ok.getMember().equals(member)) {
            throw new AssertionError("logged in as " + ok.getMember());
        }
        return client;
    }

    /** Stops the node (connections drop) and returns once the same ports refuse. */
    void stop() {
        server.close();
    }

    /** Starts the node again on the ports it had. */
    void startAgain() throws IOException {
        server = start(dataDir, server.tcpPort(), server.httpPort());
    }

    @Override
    public void close() {
        server.close();
    }
}
