package org.gridcast.server.directory;

import org.gridcast.server.redis.RedisKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.directory.DirectoryStoreIT.failure;
import static org.gridcast.server.directory.DirectoryStoreIT.get;

import org.gridcast.server.redis.RedisLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.seeds.Role;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class InvitesIT {
    private static final Instant T0 = Instant.parse("2024-03-01T08:00:00Z");
    private static RedisConnector connector;
    private static RedisLink<String, byte[]> connection;

    private MutableClock clock;
    private Invites invites;

    @BeforeAll
    static void connect() {
        connector = new RedisConnector(TestRedis.uri());
        connection = connector.connect();
    }

    @AfterAll
    static void close() {
        connection.close();
        connector.close();
    }

    @BeforeEach
    void setUp() {
        TestRedis.flushAll();
        clock = new MutableClock(T0);
        invites = new Invites(connection, clock);
    }

    @Test
    void redeemsOnce() {
        Invite.Issued issued = get(invites.issue("sq-chuanfang-g1-m1", "周美华", "", "sq-chuanfang-g1-w",
                Role.GRID_WORKER, null));
        assertThat(issued.code()).hasSize(Invites.CODE_LENGTH).matches("[" + Invites.ALPHABET + "]+");
        assertThat(issued.expiresAtMs()).isEqualTo(T0.plus(Duration.ofHours(72)).toEpochMilli());

        String typed = issued.code().toLowerCase().substring(0, 5) + "-" + issued.code().substring(5);
        assertThat(get(invites.redeem(typed))).contains(new Invite(issued.code(), "sq-chuanfang-g1-m1", "周美华", "",
                "sq-chuanfang-g1-w", "GRID_WORKER", issued.expiresAtMs()));
        assertThat(get(invites.redeem(issued.code()))).isEmpty();
    }

    @Test
    void unknownAndMalformedCodesGiveNothing() {
        assertThat(get(invites.redeem("ABCDEFGH23"))).isEmpty();
        assertThat(get(invites.redeem("not a code"))).isEmpty();
        assertThat(get(invites.redeem(""))).isEmpty();
    }

    @Test
    void expiresByTheClock() {
        Invite.Issued issued = get(invites.issue("sq-chuanfang-g1-m1", "", "sq-chuanfang-g1-m1-r3", "operator",
                Role.OPERATOR, Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(59));
        Invite.Issued second = get(invites.issue("sq-chuanfang-g1-m1", "", "", "operator", Role.OPERATOR, Duration.ofHours(1)));
        assertThat(get(invites.redeem(second.code()))).map(Invite::member).contains("");
        clock.advance(Duration.ofMinutes(1));
        assertThat(get(invites.redeem(issued.code()))).isEmpty();
    }

    @Test
    void redisForgetsAnInviteAtItsTtl() {
        Invite.Issued issued = get(invites.issue("u", "", "", "operator", Role.OPERATOR, Duration.ofHours(2)));
        Long ttl = get(connection.async().pttl(RedisKeys.invite(issued.code())));
        assertThat(ttl).isBetween(Duration.ofHours(2).minusMinutes(1).toMillis(), Duration.ofHours(2).toMillis());
    }

    @Test
    void lifetimeIsCapped() {
        assertThat(failure(invites.issue("u", "", "", "operator", Role.OPERATOR, Duration.ofHours(721))).code())
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(failure(invites.issue("u", "", "", "operator", Role.OPERATOR, Duration.ofHours(-1))).code())
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    }

    @Test
    void racingRedeemsGetItOnce() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            codes.add(get(invites.issue("u", "", "", "operator", Role.OPERATOR, null)).code());
        }
        assertThat(codes).hasSize(20);
        for (String code : codes) {
            List<CompletionStage<Optional<Invite>>> racing = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                racing.add(invites.redeem(code));
            }
            assertThat(racing.stream().map(DirectoryStoreIT::get).filter(Optional::isPresent)).hasSize(1);
        }
    }
}
