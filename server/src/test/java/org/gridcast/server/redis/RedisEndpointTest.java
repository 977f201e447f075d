package org.gridcast.server.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code --redis-cluster} seeds and {@code --redis-wait-replicas}: what is accepted, and each limit. */
class RedisEndpointTest {
    @Test
    void seedsAreHostPortPairsWithThePasswordAndWaitForOneReplicaByDefault() {
        RedisEndpoint e = RedisEndpoint.cluster("10.0.0.11:6379, 10.0.0.12:6380", "s3cret".toCharArray());
        assertThat(e.isCluster()).isTrue();
        assertThat(e.seeds()).extracting(u -> u.getHost() + ":" + u.getPort()).containsExactly("10.0.0.11:6379", "10.0.0.12:6380");
        assertThat(e.seeds()).allSatisfy(u -> assertThat(u.getCredentialsProvider().resolveCredentials().block()
                .getPassword()).isEqualTo("s3cret".toCharArray()));
        assertThat(e.waitReplicas()).isEqualTo(1);
        assertThat(e.waitReplicas(0).waitReplicas()).isZero();
        assertThat(e.waitReplicas(RedisEndpoint.MAX_WAIT_REPLICAS).waitReplicas()).isEqualTo(5);
    }

    @Test
    void badSeedsAndLimitsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> RedisEndpoint.cluster("10.0.0.11", null)).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> RedisEndpoint.cluster("h:0", null)).hasMessageContaining("bad port");
        assertThatThrownBy(() -> RedisEndpoint.cluster("h:x", null)).hasMessageContaining("bad port");
        String tooMany = IntStream.rangeClosed(1, RedisEndpoint.MAX_SEEDS + 1).mapToObj(i -> "h" + i + ":7000")
                .collect(Collectors.joining(","));
        assertThatThrownBy(() -> RedisEndpoint.cluster(tooMany, null)).hasMessageContaining("1 to 64 seeds");
        String most = IntStream.rangeClosed(1, RedisEndpoint.MAX_SEEDS).mapToObj(i -> "h" + i + ":7000")
                .collect(Collectors.joining(","));
        assertThat(RedisEndpoint.cluster(most, null).seeds()).hasSize(64);
        RedisEndpoint e = RedisEndpoint.cluster("h:7000", null);
        assertThatThrownBy(() -> e.waitReplicas(RedisEndpoint.MAX_WAIT_REPLICAS + 1)).hasMessageContaining("0 to 5");
        assertThatThrownBy(() -> e.waitReplicas(-1)).hasMessageContaining("0 to 5");
        assertThatThrownBy(() -> RedisEndpoint.single("redis://h:1").waitReplicas(1)).hasMessageContaining("--redis-cluster");
    }
}
