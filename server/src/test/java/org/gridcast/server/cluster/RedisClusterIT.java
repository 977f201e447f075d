package org.gridcast.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gridcast.server.testing.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test fixture itself: six processes, three masters each with one replica, keys on every master. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisClusterIT {
    private static RedisCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "needs redis-cli and redis-server 7+ on PATH (.ci/run installs them)");
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeMastersWithOneReplicaEachServeEverySlot() {
        long masters = cluster.nodes().stream().filter(n -> n.role().equals("master")).count();
        long replicas = cluster.nodes().stream().filter(n -> n.role().equals("slave")).count();
        assertThat(masters).isEqualTo(3);
        assertThat(replicas).isEqualTo(3);
        assertThat(cluster.nodes().get(0).clusterInfo()).contains("cluster_slots_assigned:16384", "cluster_known_nodes:6");
    }

    @Test
    void keysOfDifferentSlotsLandOnDifferentMastersAndReadBack() {
        RedisClusterClient client = RedisClusterClient.create(cluster.uris());
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                String key = "smoke:" + i;
                c.sync().set(key, "v" + i);
                ports.add(cluster.masterOf(key).port());
            }
            for (int i = 0; i < 30; i++) {
                assertThat(c.sync().get("smoke:" + i)).isEqualTo("v" + i);
            }
            assertThat(ports).hasSize(3);
            assertThat(SlotHash.getSlot("a{x}b")).isEqualTo(SlotHash.getSlot("{x}"));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
