package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisKeys;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.gridcast.protocol.Notice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PostUnitScriptIT extends NoticeRedisSupport {

    @Test
    void storedEntryDecodesToTheDraftWithChannelAndSeq() throws Exception {
        Notice draft = draft("停水通知").toBuilder().setPostedAtMs(1234).build();
        Posted first = await(store.postToUnit("g-1", draft, "m-1"));
        Posted second = await(store.postToUnit("g-1", draft, "m-2"));

        Notice expected = draft.toBuilder().setChannel("u:g-1").setUnit("g-1").setSeq(2).build();
        assertThat(second).isEqualTo(new Posted("u:g-1", 2, false, 0, expected));
        assertThat(first.seq()).isEqualTo(1);
        byte[] raw = sync.hget("ch:{u:g-1}:log", "2");
        assertThat(Notice.parseFrom(raw)).isEqualTo(expected);
        assertThat(sync.hget("ch:{u:g-1}:log", "head")).isEqualTo("2".getBytes());
    }

    @Test
    void postedAtComesFromTheClockWhenTheDraftHasNone() {
        Posted posted = await(store.postToUnit("g-1", draft("a"), "m-1"));
        assertThat(posted.stored().getPostedAtMs()).isEqualTo(NOW_MS);
    }

    @Test
    void retryReturnsTheFirstSeqAndNotice_alsoAfterARestart() {
        Posted first = await(store.postToUnit("g-1", draft("first"), "same-id"));
        await(store.postToUnit("g-1", draft("other"), "other-id"));
        Posted retry = await(store.postToUnit("g-1", draft("changed on retry"), "same-id"));
        Posted afterRestart = await(new NoticeStore(connection, CLOCK).postToUnit("g-1", draft("again"), "same-id"));

        assertThat(retry).isEqualTo(new Posted("u:g-1", 1, true, 0, first.stored()));
        assertThat(afterRestart).isEqualTo(retry);
        assertThat(sync.hget("ch:{u:g-1}:log", "head")).isEqualTo("2".getBytes());
        long ttl = sync.ttl("ch:{u:g-1}:dedupe:same-id");
        assertThat(ttl).isBetween(7 * 86_400L - 60, 7 * 86_400L);
    }

    @Test
    void concurrentPostsGetGaplessSeqs() {
        List<CompletableFuture<Posted>> posts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            posts.add(store.postToUnit("g-1", draft("n" + i), "id-" + i).toCompletableFuture());
        }
        CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).join();

        List<Long> seqs = posts.stream().map(p -> p.join().seq()).sorted().collect(Collectors.toList());
        assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(sync.hget("ch:{u:g-1}:log", "head")).isEqualTo("200".getBytes());
        assertThat(sync.hlen("ch:{u:g-1}:log")).isEqualTo(201);
    }

    @Test
    void publishesNodeMessageToEachNodeOfTheRoute() throws Exception {
        sync.sadd(RedisKeys.route("g-1"), "n1".getBytes(), "n2".getBytes());
        try (NodeSubscriber nodes = new NodeSubscriber(connector)) {
            Posted posted = await(store.postToUnit("g-1", draft("停电"), "m-1"));

            List<NodeSubscriber.Received> got = List.of(nodes.next(), nodes.next());
            assertThat(got).extracting(NodeSubscriber.Received::channel).containsExactlyInAnyOrder(RedisKeys.nodeChannel("n1"), RedisKeys.nodeChannel("n2"));
            assertThat(got).allSatisfy(r -> assertThat(r.message().getNotice()).isEqualTo(posted.stored()));
        }
    }

    @Test
    void publishesNothingWhenNoNodeHoldsMembers_norOnARetry() throws Exception {
        sync.sadd(RedisKeys.route("g-2"), "n1".getBytes());
        try (NodeSubscriber nodes = new NodeSubscriber(connector)) {
            await(store.postToUnit("g-1", draft("nobody online"), "m-1"));
            await(store.postToUnit("g-2", draft("marker"), "m-2"));
            await(store.postToUnit("g-2", draft("marker"), "m-2"));
            await(store.postToUnit("g-2", draft("end"), "m-3"));

            NodeSubscriber.Received first = nodes.next();
            NodeSubscriber.Received second = nodes.next();
            assertThat(first.message().getNotice().getChannel()).isEqualTo("u:g-2");
            assertThat(first.message().getNotice().getSeq()).isEqualTo(1);
            assertThat(second.message().getNotice().getBody().getTitle()).isEqualTo("end");
            assertThat(nodes.drain()).isEmpty();
        }
    }

    /**
     * The bug this guards: the post script ran after its caller stopped waiting (Redis slow past
     * Lettuce's command timeout), so the notice was stored and never published. Here the script
     * is run alone, as that caller left it; the retry (same client_msg_id) answers the first seq
     * and publishes the stored notice, once: a second retry finds the marker and publishes nothing.
     */
    @Test
    void aRetryPublishesAPostThatWasStoredButNeverPublished_once() throws Exception {
        sync.sadd(RedisKeys.route("g-2"), "n1".getBytes());
        Notice prepared = draft("防汛预警").toBuilder().setChannel("u:g-2").setUnit("g-2").setPostedAtMs(NOW_MS).build();
        Routed lost = await(new PostUnitScript().run(connection, "g-2", prepared, "m-1"));
        assertThat(lost.publish()).isTrue();
        assertThat(sync.exists(RedisKeys.published("u:g-2", "m-1"))).isZero();

        try (NodeSubscriber nodes = new NodeSubscriber(connector)) {
            Posted retry = await(store.postToUnit("g-2", draft("防汛预警"), "m-1"));
            Posted again = await(store.postToUnit("g-2", draft("防汛预警"), "m-1"));
            await(store.postToUnit("g-2", draft("end"), "m-2"));

            assertThat(retry).isEqualTo(new Posted("u:g-2", 1, true, 0, lost.posted().stored()));
            assertThat(again).isEqualTo(retry);
            NodeSubscriber.Received pushed = nodes.next();
            assertThat(pushed.channel()).isEqualTo(RedisKeys.nodeChannel("n1"));
            assertThat(pushed.message().getNotice()).isEqualTo(lost.posted().stored());
            assertThat(nodes.next().message().getNotice().getBody().getTitle()).isEqualTo("end");
            assertThat(nodes.drain()).isEmpty();
        }
        assertThat(sync.hget("ch:{u:g-2}:log", "head")).isEqualTo("2".getBytes());
    }

    /** The marker is written after the publish and outlives the dedupe key, so no retry pushes twice. */
    @Test
    void aPublishedPostIsMarkedForAtLeastTheDedupeKeysLifetime() {
        await(store.postToUnit("g-1", draft("a"), "m-1"));

        long dedupe = sync.ttl(RedisKeys.dedupe("u:g-1", "m-1"));
        long marker = sync.ttl(RedisKeys.published("u:g-1", "m-1"));
        assertThat(marker).isBetween(NoticeLimits.DEDUPE_TTL.toSeconds() - 60, NoticeLimits.DEDUPE_TTL.toSeconds());
        assertThat(marker).isGreaterThanOrEqualTo(dedupe);
        Notice prepared = draft("a").toBuilder().setChannel("u:g-1").setUnit("g-1").build();
        Routed retry = await(new PostUnitScript().run(connection, "g-1", prepared, "m-1"));
        assertThat(retry.posted().duplicate()).isTrue();
        assertThat(retry.publish()).isFalse();
    }
}
