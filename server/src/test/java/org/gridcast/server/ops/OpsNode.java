package org.gridcast.server.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.Services;
import org.gridcast.server.testing.TestRedis;

/**
 * An in-process node with the production wiring ({@link GridcastServices}: the real directory,
 * seeds imported on first start, the notice store) on {@link TestRedis}, ports 0.
 */
final class OpsNode {
    /** One community, one grid, two micro-grids of 100 residents (see SyntheticTown). */
    static final String SEEDS = "synthetic:200";

    private OpsNode() {
    }

    static GridcastServer start(Path secretFile, String node, UnaryOperator<Services.Builder> services)
            throws IOException {
        ServerConfig config = ServerConfig.builder(Files.createTempDirectory("gridcast-ops"))
                .bindHost("127.0.0.1").port(0).httpPort(0)
                .redisUri(TestRedis.uri()).seeds(SEEDS).secretFile(secretFile).node(node).build();
        return GridcastServer.start(config, services.apply(GridcastServices.builder(config, Clock.systemUTC())).build());
    }

    static GridcastServer start(Path secretFile, String node) throws IOException {
        return start(secretFile, node, s -> s);
    }

    static Receiver connect(GridcastServer server, String member, String device) {
        return Receiver.connect(member, device, server.tcpPort(), server.runtime().tokens().issue(member, device));
    }
}
