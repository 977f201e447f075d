package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridcast.server.it.OldLayout.*;
import static org.gridcast.server.it.Upgrades.*;

import io.lettuce.core.cluster.SlotHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.auth.Secret;
import org.gridcast.server.auth.TokenService;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisEndpoint;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.testing.RedisCluster;
import org.gridcast.server.upgrade.OldLayoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate-keys --redis-cluster} on a real 3-master/3-replica cluster: there an old name and
 * its new one hash to different slots, so every key travels by DUMP, RESTORE and DEL; a key left
 * under both names by a move cut short is finished, and the server then starts on the cluster.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MigrateKeysClusterIT {
    @TempDir
    Path dir;

    @Test
    void oldKeysCrossSlotsToTheirNewNamesAndTheServerStartsOnThem() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "needs redis-cli and redis-server 7+ on PATH (.ci/run installs them)");
        try (RedisCluster cluster = RedisCluster.start();
             RedisConnector connector = new RedisConnector(endpoint(cluster));
             RedisLink<String, byte[]> redis = connector.connect()) {
            TokenService tokens = new TokenService(Secret.loadOrCreate(dir.resolve("secret")), Clock.systemUTC());
            OldLayout old = OldLayout.write(redis, 0, 0);
            assertThat(SlotHash.getSlot("dir:member:" + R1)).isNotEqualTo(SlotHash.getSlot("dir:{dir}:member:" + R1));
            Map<String, String> before = snapshot(redis);
            // a move cut short between RESTORE and DEL: the same value under both names
            redis.sync().restore("dir:{dir}:member:" + R2, 0, redis.sync().dump("dir:member:" + R2));
            Path password = Files.writeString(dir.resolve("redis-password"), cluster.password() + "\n");
            ServerConfig config = ServerConfig.builder(dir.resolve("node")).bindHost("127.0.0.1").port(0).httpPort(0)
                    .redisCluster(endpoint(cluster)).secretFile(dir.resolve("secret")).build();
            assertThatThrownBy(() -> GridcastServer.start(config, GridcastServices.builder(config, Clock.systemUTC()).build()))
                    .isInstanceOf(OldLayoutException.class);

            Cli run = cli("migrate-keys", "--redis-cluster", cluster.seeds(), "--redis-password-file", password.toString());

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(snapshot(redis)).isEqualTo(migrated(old, before));
            // the scan meets some keys this run restored on masters it had not scanned yet: "scanned" varies
            assertThat(run.out()).matches("\\{.*\"scanned\":(3[4-9]|[4-5]\\d),.*")
                    .isEqualTo(MigrateKeysIT.summary(false, "cluster", 34, 22, 1, 0, false, "current")
                            .replace("\"scanned\":34", run.out().replaceFirst(".*(\"scanned\":\\d+).*", "$1")));
            Cli again = cli("migrate-keys", "--redis-cluster", cluster.seeds(), "--redis-password-file", password.toString());
            assertThat(again.out()).contains("\"moved\":0,\"leftoversRemoved\":0,\"conflicts\":0,", "\"plan\":[]");

            try (GridcastServer server = GridcastServer.start(config, GridcastServices.builder(config, Clock.systemUTC()).build());
                 Wire r1 = new Wire(server.tcpPort())) {
                assertThat(login(r1, tokens.issue(R1, "phone"), "phone").getLoginOk().getUnreadTotal()).isEqualTo(3);
            }
        }
    }

    private static RedisEndpoint endpoint(RedisCluster cluster) {
        return RedisEndpoint.cluster(cluster.seeds(), cluster.password().toCharArray());
    }
}
