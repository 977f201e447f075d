package org.gridcast.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.gridcast.seeds.Role;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.Services;
import org.gridcast.server.fanout.InMemoryUnitHierarchy;
import org.gridcast.server.session.MemberIdentity;
import org.gridcast.server.session.MemberResolver;

/** Starts an in-process node on ports 0 against {@link TestRedis}, with a tiny directory. */
public final class TestNode {
    /** town → community → grid → micro-grid mg1, mg2. */
    public static final InMemoryUnitHierarchy TREE = new InMemoryUnitHierarchy(Map.of(
            "community", "town", "grid", "community", "mg1", "grid", "mg2", "grid"));

    /** alice and bob live in mg1, carol in mg2, worker is the grid worker. */
    public static final MemberResolver MEMBERS = member -> CompletableFuture.completedFuture(Optional.ofNullable(
            switch (member) {
                case "alice" -> new MemberIdentity("alice", "mg1", Role.RESIDENT, "Alice");
                case "bob" -> new MemberIdentity("bob", "mg1", Role.RESIDENT, "Bob");
                case "carol" -> new MemberIdentity("carol", "mg2", Role.RESIDENT, "Carol");
                case "worker" -> new MemberIdentity("worker", "grid", Role.GRID_WORKER, "Worker");
                default -> null;
            }));

    private TestNode() {
    }

    public static GridcastServer start(Path secretFile, String node, UnaryOperator<Services.Builder> services,
            UnaryOperator<ServerConfig.Builder> config) throws IOException {
        Path dir = Files.createTempDirectory("gridcast-node");
        ServerConfig cfg = config.apply(ServerConfig.builder(dir).bindHost("127.0.0.1").port(0).httpPort(0)
                .redisUri(TestRedis.uri()).secretFile(secretFile).node(node)).build();
        return GridcastServer.start(cfg, services.apply(Services.builder().members(MEMBERS).hierarchy(TREE)).build());
    }

    public static GridcastServer start(String node) throws IOException {
        return start(Files.createTempDirectory("gridcast-secret").resolve("secret"), node, s -> s, c -> c);
    }
}
