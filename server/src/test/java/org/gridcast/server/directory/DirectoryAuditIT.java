package org.gridcast.server.directory;

import org.gridcast.server.redis.RedisKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridcast.server.directory.DirectoryStoreIT.get;

import io.lettuce.core.Range;
import org.gridcast.server.redis.RedisLink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridcast.seeds.SeedSources;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The audit stream {@code dir:audit} against real Redis: moves are recorded by the move script
 * itself, invites by {@link DirectoryAudit}, and the stream keeps only the newest entries.
 */
@Timeout(60)
class DirectoryAuditIT {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static RedisConnector connector;
    private static RedisLink<String, byte[]> connection;

    private MutableClock clock;

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
    void setUp() throws Exception {
        TestRedis.flushAll();
        clock = new MutableClock(T0);
        String seeds = Path.of(DirectoryAuditIT.class.getResource("/seeds/takeover.tsv").toURI()).toString();
        get(new DirectoryStore(connection, clock).importIfEmpty(SeedSources.open(seeds)));
    }

    @Test
    void everyMoveIsRecordedWithTheMoveAndTheStreamKeepsTheNewest() {
        DirectoryStore store = new DirectoryStore(connection, clock, 2);
        get(store.moveMember("g1r", "t-c1-g1-m1", "m1l"));
        clock.advance(Duration.ofSeconds(1));
        get(store.moveMember("c1r", "t-c1-g1-m1", "m1l"));
        clock.advance(Duration.ofSeconds(1));
        get(store.moveMember("m2r", "t-c1-g1-m1", "cs"));
        get(store.moveMember("m2r", "t-c1-g1-m1", "cs")); // already there: nothing to record

        long t1 = T0.toEpochMilli() + 1000;
        long t2 = T0.toEpochMilli() + 2000;
        assertThat(entries()).containsExactly(
                entry("m1l", "move", "c1r", "t-c1", "t-c1-g1-m1", t1),
                entry("cs", "move", "m2r", "t-c1-g1-m2", "t-c1-g1-m1", t2));
    }

    @Test
    void inviteEntriesAreBoundedAndCarryOnlyDirectoryIds() {
        DirectoryAudit audit = new DirectoryAudit(connection, clock, 3);
        for (int i = 1; i <= 5; i++) {
            get(audit.record(new DirectoryAudit.Entry("op", DirectoryAudit.Action.INVITE_ISSUE, "m" + i, "", "t-c1-g1-m1")));
        }
        assertThatThrownBy(() -> audit.record(new DirectoryAudit.Entry("op\nforged", DirectoryAudit.Action.INVITE_ISSUE,
                "", "", "t-c1-g1-m1"))).isInstanceOf(IllegalArgumentException.class);
        long t = T0.toEpochMilli();
        assertThat(entries()).containsExactly(
                entry("op", "invite-issue", "m3", "", "t-c1-g1-m1", t),
                entry("op", "invite-issue", "m4", "", "t-c1-g1-m1", t),
                entry("op", "invite-issue", "m5", "", "t-c1-g1-m1", t));
        assertThatThrownBy(() -> new DirectoryAudit(connection, clock, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Map<String, String>> entries() {
        return connection.sync().xrange(RedisKeys.DIR_AUDIT, Range.create("-", "+")).stream().map(m -> {
            Map<String, String> e = new LinkedHashMap<>();
            m.getBody().forEach((k, v) -> e.put(k, new String(v, StandardCharsets.UTF_8)));
            return e;
        }).toList();
    }

    private static Map<String, String> entry(String actor, String action, String member, String from, String to, long at) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("actor", actor);
        e.put("action", action);
        e.put("member", member);
        e.put("from", from);
        e.put("to", to);
        e.put("at", Long.toString(at));
        return e;
    }
}
