package org.gridcast.loadtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.net.Transport;
import org.gridcast.server.redis.RedisServerProcess;
import org.gridcast.server.session.Session;
import org.gridcast.server.session.SessionRegistry;

/**
 * Real Gridcast nodes for the load tester's tests: one private redis-server and {@code count}
 * server processes' worth of nodes (in this JVM, on free ports) sharing it and one token
 * secret, the first seeded with {@code synthetic:N}. Each node counts the resident sessions
 * (device "lt") it accepted, by transport, so a test can tell where residents went and how.
 */
final class Nodes implements AutoCloseable {
    /** The load tester's device name for residents (GridcastTarget.DEVICE). */
    private static final String RESIDENT_DEVICE = "lt";

    private final Path data;
    private final RedisServerProcess redis;
    private final List<GridcastServer> servers = new ArrayList<>();
    private final List<AtomicIntegerArray> residentSessions = new ArrayList<>();

    private Nodes(Path data, RedisServerProcess redis) {
        this.data = data;
        this.redis = redis;
    }

    static Nodes start(int count, int residents) throws IOException {
        return start(count, residents, 0);
    }

    /** As {@link #start(int, int)}, with the first node's TCP port fixed ({@code 0}: any free one). */
    static Nodes start(int count, int residents, int firstTcpPort) throws IOException {
        return start(count, residents, firstTcpPort, Files.createTempDirectory("lt-nodes"));
    }

    /** As {@link #start(int, int, int)}, in {@code data} (whose {@code secret} may already exist). */
    static Nodes start(int count, int residents, int firstTcpPort, Path data) throws IOException {
        Nodes nodes = new Nodes(data, RedisServerProcess.start(data.resolve("redis"), 0, false));
        try {
            for (int i = 0; i < count; i++) {
                ServerConfig.Builder b = ServerConfig.builder(Files.createDirectories(data.resolve("node-" + i)))
                        .bindHost("127.0.0.1").port(i == 0 ? firstTcpPort : 0).httpPort(0).adminPort(0).node("lt-node-" + i)
                        .redisUri(nodes.redis.uri()).secretFile(data.resolve(ServerConfig.DEFAULT_SECRET_FILE));
                if (i == 0) {
                    b.seeds("synthetic:" + residents); // the directory is shared: seeded once
                }
                ServerConfig config = b.build();
                GridcastServer server = GridcastServer.start(config, GridcastServices.forConfig(config));
                nodes.servers.add(server);
                AtomicIntegerArray byTransport = new AtomicIntegerArray(Transport.values().length);
                nodes.residentSessions.add(byTransport);
                server.runtime().sessions().addListener(new SessionRegistry.Listener() {
                    @Override
                    public void opened(Session session, boolean firstOfMember) {
                        if (session.device().equals(RESIDENT_DEVICE)) {
                            byTransport.incrementAndGet(session.transport().ordinal());
                        }
                    }

                    @Override
                    public void closed(Session session, boolean lastOfMember, boolean lastOfDevice) {
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            nodes.close();
            throw e;
        }
        return nodes;
    }

    /** The data dir whose {@code secret} every node signs tokens with (the tester's --server-data). */
    Path data() {
        return data;
    }

    String redisUri() {
        return redis.uri();
    }

    GridcastServer node(int i) {
        return servers.get(i);
    }

    /** "127.0.0.1:P,127.0.0.1:Q": the nodes' TCP ports, or their HTTP ports for WebSocket. */
    String addresses(boolean http) {
        List<String> out = new ArrayList<>();
        for (GridcastServer s : servers) {
            out.add("127.0.0.1:" + (http ? s.httpPort() : s.tcpPort()));
        }
        return String.join(",", out);
    }

    InetSocketAddress admin(int i) {
        return new InetSocketAddress("127.0.0.1", servers.get(i).adminPort());
    }

    /** Resident sessions node {@code i} opened over {@code transport} since it started. */
    int residentSessions(int i, Transport transport) {
        return residentSessions.get(i).get(transport.ordinal());
    }

    @Override
    public void close() {
        for (GridcastServer s : servers) {
            s.close();
        }
        redis.close();
    }
}
