package org.gridcast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.report.Report;
import org.gridcast.seeds.UnitKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A post answered UNAVAILABLE although it was stored, provoked for real: Redis stops running
 * writes ({@code CLIENT PAUSE ... WRITE}) for longer than the server's 5 s Redis command timeout
 * (RedisConnector, not configurable) while a post is in flight. The post script runs once the
 * pause ends, after the server has answered the poster UNAVAILABLE and dropped the reply, so the
 * notice is stored but never pushed. The tester retries with the same client_msg_id, is answered
 * with the original entry ({@code duplicate}), and books the notice once; that retry finds the
 * entry never published (no publish marker, docs/ARCHITECTURE.md) and pushes it, so the residents
 * get it once, live, instead of only at the sync of their next reconnect. The books end exact and
 * the run passes with one retried post.
 *
 * <p>Timeline from the first post (one town notice every 5 s): posts at 0, 5, 10, 15, 20 s;
 * writes paused from 2.5 s to 13 s. The post at 5 s waits 8 s (UNAVAILABLE at 10 s, its retry
 * waits under 3 s); the one at 10 s waits 3 s (acked, no retry). Margins of 2 s or more each way.
 */
class UnavailablePostIT {
    private static final int RESIDENTS = 200;
    /** When the writes stop, after the first post was stored. */
    private static final long PAUSE_AFTER_FIRST_POST_MS = 2_500;
    private static final long PAUSE_MS = 10_500;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStoredPostAnsweredUnavailableIsRetriedAndBookedOnce() throws Exception {
        TownPlan plan = TownPlan.of(RESIDENTS);
        String log = "ch:{u:" + plan.unit(plan.topics(UnitKind.TOWN)[0]).id() + "}:log";
        try (Nodes nodes = Nodes.start(1, RESIDENTS)) {
            RedisClient client = RedisClient.create(nodes.redisUri());
            try (StatefulRedisConnection<String, String> redis = client.connect()) {
                CompletableFuture<Void> paused = CompletableFuture.runAsync(() -> {
                    // the first post of the run is stored: the schedule's clock starts there
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!"1".equals(redis.sync().hget(log, "head")) && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(5_000_000);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_AFTER_FIRST_POST_MS));
                    String ok = redis.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                            new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(PAUSE_MS).add("WRITE"));
                    assertThat(ok).isEqualTo("OK");
                });
                Options o = Options.parse("--target", "gridcast", "--server", nodes.addresses(false),
                        "--server-data", nodes.data().toString(), "--residents", Integer.toString(RESIDENTS),
                        "--level", "town", "--rate", "0.2", "--duration", "25", "--mode", "storm",
                        "--connect-rate", "2000", "--drain", "15", "--source-ips", "127.0.0.1-127.0.0.2");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Report r = new Run(o, new PrintStream(out, true, StandardCharsets.UTF_8)).execute();
                paused.get(5, TimeUnit.SECONDS);
                String said = out.toString(StandardCharsets.UTF_8) + "\n" + r.json();

                // the stored post was answered UNAVAILABLE and retried once: six notices, all acked
                assertThat(r.number("retriedPosts")).as(said).isEqualTo(1);
                assertThat(r.number("unknownPosts")).as(said).isZero();
                assertThat(r.number("publishErrors")).as(said).isZero();
                assertThat(r.number("notices")).isEqualTo(6);
                assertThat(redis.sync().hget(log, "head")).isEqualTo("6"); // stored once: no seventh entry
                // the books: every resident got all six, once; every badge counts six more
                assertThat(r.number("expected")).isEqualTo(6L * RESIDENTS);
                assertThat(r.number("delivered")).as(said).isEqualTo(6L * RESIDENTS);
                assertThat(r.number("lost")).isZero();
                assertThat(r.number("duplicates")).isZero();
                assertThat(r.number("unexpected")).isZero();
                assertThat(r.number("badgeMismatches")).isZero();
                assertThat(r.number("stormReconnectFailures")).isZero();
                assertThat(r.passed()).isTrue();
                assertThat(r.markdown()).contains("| posts acked after a retry (same client_msg_id) | 1 |")
                        .contains("| posts unacked after every retry (may or may not be stored) | 0 |");
            } finally {
                client.shutdown();
            }
        }
    }
}
