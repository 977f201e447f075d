package org.gridcast.server.auth;

import org.gridcast.server.redis.RedisKeys;
import static org.assertj.core.api.Assertions.assertThat;

import org.gridcast.server.redis.RedisLink;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RevocationsIT {
    private static final long T = Instant.parse("2024-05-01T08:00:00Z").toEpochMilli();

    private RedisConnector connector;
    private RedisLink<String, byte[]> redis;
    private Revocations revocations;

    @BeforeEach
    void open() {
        TestRedis.flushAll();
        connector = new RedisConnector(TestRedis.uri());
        redis = connector.connect();
        revocations = new Revocations(redis, Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        redis.close();
        connector.close();
    }

    @Test
    void memberRevocationBlocksTokensIssuedUpToItsTime() throws Exception {
        revocations.revokeMember("alice").toCompletableFuture().get();

        assertThat(revoked("alice", "any", T - 1)).isTrue();
        assertThat(revoked("alice", "any", T)).isTrue();
        assertThat(revoked("alice", "any", T + 1)).isFalse();
        assertThat(revoked("bob", "any", T - 1)).isFalse();
        assertThat(new String(redis.sync().get(RedisKeys.revoked("alice")))).isEqualTo(Long.toString(T));
    }

    @Test
    void deviceRevocationBlocksOnlyThatDevice() throws Exception {
        revocations.revokeDevice("alice", "lost-phone").toCompletableFuture().get();

        assertThat(revoked("alice", "lost-phone", T - 1)).isTrue();
        assertThat(revoked("alice", "tablet", T - 1)).isFalse();
        assertThat(redis.sync().exists(RedisKeys.revokedDevice("alice", "lost-phone"))).isEqualTo(1);
    }

    private boolean revoked(String member, String device, long issuedAt) throws Exception {
        return revocations.isRevoked(member, device, issuedAt).toCompletableFuture().get();
    }
}
