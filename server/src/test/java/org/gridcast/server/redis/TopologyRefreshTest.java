package org.gridcast.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which failures of an acked write ask for a new slot map, and the rate limit. The client is a
 * real Lettuce cluster client pointed at a closed port: its refreshes fail, which is all a refresh
 * asked for here may do.
 */
class TopologyRefreshTest {
    private final RedisClusterClient client = RedisClusterClient.create("redis://127.0.0.1:1");

    @AfterEach
    void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void connectionLossTimeoutsWaitShortfallsAndClusterErrorsAreSignsOfAStaleMap() {
        assertThat(TopologyRefresh.staleMapSign(new RedisException("Currently not connected. Commands are rejected."))).isTrue();
        assertThat(TopologyRefresh.staleMapSign(new RedisConnectionException("Connection refused"))).isTrue();
        assertThat(TopologyRefresh.staleMapSign(new CompletionException(new IOException("Connection reset by peer")))).isTrue();
        assertThat(TopologyRefresh.staleMapSign(new RedisCommandTimeoutException("Command timed out after 5 second(s)"))).isTrue();
        assertThat(TopologyRefresh.staleMapSign(new RedisException("writes on h:1 reached 0 of 1 replicas within 2000 ms"))).isTrue();
        for (String error : new String[] {"MOVED 3999 127.0.0.1:6381", "ASK 3999 127.0.0.1:6381",
                "READONLY You can't write against a read only replica.", "CLUSTERDOWN The cluster is down",
                "TRYAGAIN Multiple keys request during rehashing of slot", "MASTERDOWN Link with MASTER is down"}) {
            assertThat(TopologyRefresh.staleMapSign(new RedisCommandExecutionException(error))).as(error).isTrue();
        }
    }

    @Test
    void aScriptsOwnErrorIsNot() {
        assertThat(TopologyRefresh.staleMapSign(new RedisCommandExecutionException(
                "ERR user_script:3: Script attempted to access nonexistent global variable"))).isFalse();
        assertThat(TopologyRefresh.staleMapSign(new CompletionException(new RedisCommandExecutionException(
                "WRONGTYPE Operation against a key holding the wrong kind of value")))).isFalse();
    }

    @Test
    void aBurstOfFailuresAsksOncePerGap() {
        TopologyRefresh refresh = new TopologyRefresh(client, Duration.ofHours(1));
        for (int i = 0; i < 50; i++) {
            refresh.afterFailure(new RedisException("Currently not connected. Commands are rejected."));
        }
        assertThat(refresh.asked()).isEqualTo(1);
    }

    @Test
    void pastTheGapEachSignAsksAgainAndAScriptErrorNever() {
        TopologyRefresh refresh = new TopologyRefresh(client, Duration.ZERO);
        refresh.afterFailure(new RedisCommandExecutionException("ERR bad script"));
        assertThat(refresh.asked()).isZero();
        refresh.afterFailure(new RedisCommandTimeoutException("timed out"));
        refresh.afterFailure(new RedisException("writes on h:1 reached 0 of 1 replicas within 2000 ms"));
        assertThat(refresh.asked()).isEqualTo(2);
    }

    @Test
    void aSingleRedisHasNoMapToRefresh() {
        TopologyRefresh.NONE.afterFailure(new RedisException("Currently not connected. Commands are rejected."));
        assertThat(TopologyRefresh.NONE.asked()).isZero();
    }
}
