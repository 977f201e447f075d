package org.gridcast.server.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.redis.RedisLink;
import org.gridcast.server.redis.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both movers against a real redis-server: a move keeps value and time to live and never
 * overwrites; a key under both names is a leftover when the values are the same (even when
 * their DUMPs differ) and a conflict otherwise; a dry-run check changes nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyMoversIT {
    @TempDir
    Path dir;

    private RedisServerProcess process;
    private RedisConnector connector;
    private RedisLink<String, byte[]> redis;
    private RedisClusterCommands<String, byte[]> sync;

    static Stream<String> movers() {
        return Stream.of("rename", "restore");
    }

    @BeforeEach
    void start() throws IOException {
        process = RedisServerProcess.start(dir, 0, false);
        connector = new RedisConnector(process.uri());
        redis = connector.connect();
        sync = redis.sync();
    }

    @AfterEach
    void stop() {
        redis.close();
        connector.close();
        process.close();
    }

    private KeyMover mover(String name) {
        return name.equals("rename") ? new RenameMover(redis.async()) : new RestoreMover(redis.async());
    }

    @ParameterizedTest
    @MethodSource("movers")
    void aMoveKeepsTheValueAndTheTimeToLive(String name) throws Exception {
        sync.set("invite:7KQ2MXP9AZ", b("邀请"), SetArgs.Builder.px(3_600_000));
        sync.sadd("dir:units", b("t"), b("c"));

        assertThat(move(name, "invite:7KQ2MXP9AZ", "dir:{dir}:invite:7KQ2MXP9AZ")).isEqualTo(Outcome.MOVED);
        assertThat(move(name, "dir:units", "dir:{dir}:units")).isEqualTo(Outcome.MOVED);

        assertThat(sync.exists("invite:7KQ2MXP9AZ", "dir:units")).isZero();
        assertThat(text(sync.get("dir:{dir}:invite:7KQ2MXP9AZ"))).isEqualTo("邀请");
        assertThat(sync.pttl("dir:{dir}:invite:7KQ2MXP9AZ")).isBetween(3_500_000L, 3_600_000L);
        assertThat(sync.smembers("dir:{dir}:units").stream().map(KeyMoversIT::text)).containsExactlyInAnyOrder("t", "c");
        assertThat(sync.pttl("dir:{dir}:units")).isEqualTo(-1);
        assertThat(move(name, "dir:units", "dir:{dir}:units")).isEqualTo(Outcome.GONE);
    }

    @ParameterizedTest
    @MethodSource("movers")
    void theSameMembersUnderBothNamesAreALeftoverEvenWhenTheirDumpsDiffer(String name) throws Exception {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            members.add("old-c-g1-m1-r" + i);
        }
        members.forEach(m -> sync.sadd("dir:members:old-c-g1-m1", b(m)));
        List<String> reversed = new ArrayList<>(members);
        Collections.reverse(reversed);
        reversed.forEach(m -> sync.sadd("dir:{dir}:members:old-c-g1-m1", b(m)));
        // the case SameValue exists for: same members, another table order
        assertThat(sync.dump("dir:members:old-c-g1-m1")).isNotEqualTo(sync.dump("dir:{dir}:members:old-c-g1-m1"));

        assertThat(check(name, "dir:members:old-c-g1-m1", "dir:{dir}:members:old-c-g1-m1")).isEqualTo(Outcome.LEFTOVER_REMOVED);
        assertThat(sync.exists("dir:members:old-c-g1-m1")).isEqualTo(1);
        assertThat(move(name, "dir:members:old-c-g1-m1", "dir:{dir}:members:old-c-g1-m1")).isEqualTo(Outcome.LEFTOVER_REMOVED);

        assertThat(sync.exists("dir:members:old-c-g1-m1")).isZero();
        assertThat(sync.scard("dir:{dir}:members:old-c-g1-m1")).isEqualTo(300);
    }

    @ParameterizedTest
    @MethodSource("movers")
    void differentValuesUnderBothNamesAreAConflictAndBothStay(String name) throws Exception {
        sync.hset("dir:member:r1", "unit", b("old-c-g1-m1"));
        sync.hset("dir:{dir}:member:r1", "unit", b("qs-hanghailu-g1-m1"));
        sync.sadd("dir:members:m1", b("a"), b("b"));
        sync.sadd("dir:{dir}:members:m1", b("a"), b("c"));
        sync.set("dir:version", b("9"));
        sync.sadd("dir:{dir}:version", b("9"));

        assertThat(check(name, "dir:member:r1", "dir:{dir}:member:r1")).isEqualTo(Outcome.CONFLICT);
        assertThat(move(name, "dir:member:r1", "dir:{dir}:member:r1")).isEqualTo(Outcome.CONFLICT);
        assertThat(move(name, "dir:members:m1", "dir:{dir}:members:m1")).isEqualTo(Outcome.CONFLICT);
        assertThat(move(name, "dir:version", "dir:{dir}:version")).isEqualTo(Outcome.CONFLICT);

        assertThat(text(sync.hget("dir:member:r1", "unit"))).isEqualTo("old-c-g1-m1");
        assertThat(text(sync.hget("dir:{dir}:member:r1", "unit"))).isEqualTo("qs-hanghailu-g1-m1");
        assertThat(sync.smembers("dir:members:m1").stream().map(KeyMoversIT::text)).containsExactlyInAnyOrder("a", "b");
        assertThat(sync.smembers("dir:{dir}:members:m1").stream().map(KeyMoversIT::text)).containsExactlyInAnyOrder("a", "c");
        assertThat(sync.type("dir:version")).isEqualTo("string");
        assertThat(sync.type("dir:{dir}:version")).isEqualTo("set");
    }

    @ParameterizedTest
    @MethodSource("movers")
    void aCheckAnswersWithoutChangingAnything(String name) throws Exception {
        sync.set("presence:r1", b("x"));

        assertThat(check(name, "presence:r1", "presence:{i:r1}")).isEqualTo(Outcome.MOVED);
        assertThat(check(name, "presence:r2", "presence:{i:r2}")).isEqualTo(Outcome.GONE);

        assertThat(sync.exists("presence:r1")).isEqualTo(1);
        assertThat(sync.exists("presence:{i:r1}")).isZero();
    }

    private Outcome move(String name, String from, String to) throws Exception {
        return run(m -> m.move(from, to), name);
    }

    private Outcome check(String name, String from, String to) throws Exception {
        return run(m -> m.check(from, to), name);
    }

    private Outcome run(Function<KeyMover, java.util.concurrent.CompletionStage<Outcome>> step, String name) throws Exception {
        return step.apply(mover(name)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
