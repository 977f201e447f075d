package org.gridcast.server.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.testing.TcpClient;
import org.gridcast.server.testing.TestNode;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The route sets against a real Redis: what joining, leaving, rewriting and leaving everything
 * write, for this node only; and, through a real node, that a start under the id of a crashed run
 * takes back the routes that run left, a login routes the member's units and a stop unroutes them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutesIT {
    private RedisConnector connector;
    private RedisLink<String, byte[]> redis;

    @BeforeEach
    void connect() {
        TestRedis.flushAll();
        connector = new RedisConnector(TestRedis.uri());
        redis = connector.connect();
    }

    @AfterEach
    void close() {
        redis.close();
        connector.close();
    }

    @Test
    void joiningAndLeavingWriteTheUnitsRoutesAndTheNodesOwnList() throws Exception {
        Routes a = new Routes("node-a", redis);
        Routes b = new Routes("node-b", redis);
        a.joined(List.of("mg1", "grid", "town"));
        b.joined(List.of("grid", "town"));
        a.left(List.of("mg1", "grid"));

        assertThat(route("mg1")).isEmpty();
        assertThat(route("grid")).containsExactly("node-b");
        assertThat(route("town")).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(listOf("node-a")).containsExactly("town");
        assertThat(listOf("node-b")).containsExactlyInAnyOrder("grid", "town");
        assertThat(a.nodes("town").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(a.nodes("mg1").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aRewritePutsBackWhatAFailoverLost() {
        Routes a = new Routes("node-a", redis);
        a.joined(List.of("mg1", "grid"));
        redis.sync().del(RedisKeys.route("grid"), RedisKeys.nodeRoutes("node-a"));   // lost, unreplicated

        a.rewrite(List.of("mg1", "grid"));

        assertThat(route("mg1")).containsExactly("node-a");
        assertThat(route("grid")).containsExactly("node-a");
        assertThat(listOf("node-a")).containsExactlyInAnyOrder("mg1", "grid");
    }

    @Test
    void leavingAllTakesOnlyThisNodeOutOfEveryRouteItListed() {
        new Routes("node-a", redis).joined(List.of("mg1", "grid", "town"));
        new Routes("node-b", redis).joined(List.of("grid"));

        new Routes("node-a", redis).leaveAll();   // a new run under the crashed run's id

        assertThat(route("mg1")).isEmpty();
        assertThat(route("grid")).containsExactly("node-b");
        assertThat(route("town")).isEmpty();
        assertThat(redis.sync().exists(RedisKeys.nodeRoutes("node-a"))).isZero();
        assertThat(listOf("node-b")).containsExactly("grid");
    }

    @Test
    void aNodeStartingUnderACrashedRunsIdTakesBackItsRoutesThenRoutesItsLogins() throws Exception {
        new Routes("node-r", redis).joined(List.of("mg2", "grid", "community", "town"));   // the crashed run's
        new Routes("node-other", redis).joined(List.of("grid"));

        GridcastServer node = TestNode.start("node-r");
        try {
            assertThat(route("mg2")).isEmpty();
            assertThat(route("grid")).containsExactly("node-other");
            try (TcpClient alice = new TcpClient(node.tcpPort())) {
                assertThat(alice.login(node.runtime().tokens().issue("alice", "phone"), "phone").hasLoginOk()).isTrue();
                assertThat(route("mg1")).containsExactly("node-r");
                assertThat(route("grid")).containsExactlyInAnyOrder("node-r", "node-other");
                assertThat(route("town")).containsExactly("node-r");
                assertThat(route("mg2")).isEmpty();
                assertThat(listOf("node-r")).containsExactlyInAnyOrder("mg1", "grid", "community", "town");
            }
        } finally {
            node.close();
        }
        assertThat(route("mg1")).isEmpty();
        assertThat(route("grid")).containsExactly("node-other");
        assertThat(redis.sync().exists(RedisKeys.nodeRoutes("node-r"))).isZero();
    }

    private Set<String> route(String unit) {
        return strings(redis.sync().smembers(RedisKeys.route(unit)));
    }

    private Set<String> listOf(String node) {
        return strings(redis.sync().smembers(RedisKeys.nodeRoutes(node)));
    }

    private static Set<String> strings(Set<byte[]> members) {
        return members.stream().map(m -> new String(m, StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }
}
