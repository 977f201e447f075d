package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisKeys;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gridcast.protocol.Notice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AppendScriptIT extends NoticeRedisSupport {

    @Test
    void appendsToAnInboxWithDedupe() throws Exception {
        Notice update = draft("事件已受理").toBuilder().setKind("event").build();
        Posted first = await(store.appendToInbox("r-1", update, "ev-1:accepted"));
        Posted retry = await(store.appendToInbox("r-1", draft("other"), "ev-1:accepted"));
        Posted next = await(store.append("i:r-1", draft("other"), "ev-1:done"));

        Notice expected = update.toBuilder().setChannel("i:r-1").setSeq(1).setPostedAtMs(NOW_MS).build();
        assertThat(first).isEqualTo(new Posted("i:r-1", 1, false, 0, expected));
        assertThat(retry).isEqualTo(new Posted("i:r-1", 1, true, 0, expected));
        assertThat(next.seq()).isEqualTo(2);
        assertThat(Notice.parseFrom(sync.hget("ch:{i:r-1}:log", "1"))).isEqualTo(expected);
    }

    @Test
    void appendToAUnitChannelUsesTheUnitRoute() throws Exception {
        sync.sadd(RedisKeys.route("g-1"), "n1".getBytes());
        try (NodeSubscriber nodes = new NodeSubscriber(connector)) {
            Posted posted = await(store.append("u:g-1", draft("a"), "d-1"));
            NodeSubscriber.Received got = nodes.next();
            assertThat(got.channel()).isEqualTo(RedisKeys.nodeChannel("n1"));
            assertThat(got.message().getNotice()).isEqualTo(posted.stored());
            assertThat(posted.stored().getUnit()).isEqualTo("g-1");
        }
    }

    @Test
    void publishesInboxEntriesToTheOwnersNodesOnce() throws Exception {
        sync.hset(RedisKeys.presence("r-1"), Map.of("phone", "n1".getBytes(), "pad", "n1".getBytes()));
        sync.hset(RedisKeys.presence("r-2"), Map.of("phone", "n2".getBytes()));
        try (NodeSubscriber nodes = new NodeSubscriber(connector)) {
            Posted posted = await(store.appendToInbox("r-1", draft("a"), "d-1"));
            await(store.appendToInbox("r-2", draft("marker"), "d-2"));

            NodeSubscriber.Received first = nodes.next();
            NodeSubscriber.Received second = nodes.next();
            assertThat(first.channel()).isEqualTo(RedisKeys.nodeChannel("n1"));
            assertThat(first.message().getNotice()).isEqualTo(posted.stored());
            assertThat(second.channel()).isEqualTo(RedisKeys.nodeChannel("n2"));
            assertThat(nodes.drain()).isEmpty();
        }
    }

    @Test
    void publishesConsultationEntriesToThePartiesNodes() throws Exception {
        sync.sadd("ch:{c:k-1}:parties", "r-1".getBytes(), "staff-1".getBytes());
        sync.hset(RedisKeys.presence("r-1"), Map.of("phone", "n1".getBytes()));
        sync.hset(RedisKeys.presence("staff-1"), Map.of("pc", "n2".getBytes(), "phone", "n1".getBytes()));
        try (NodeSubscriber nodes = new NodeSubscriber(connector)) {
            Posted posted = await(store.append("c:k-1", draft("请问医保").toBuilder().setKind("chat").build(), "q-1"));
            await(store.append("c:k-none", draft("no parties"), "q-2"));
            await(store.appendToInbox("r-1", draft("marker"), "d-9"));

            List<NodeSubscriber.Received> got = List.of(nodes.next(), nodes.next(), nodes.next());
            assertThat(got.subList(0, 2)).extracting(NodeSubscriber.Received::channel)
                    .containsExactlyInAnyOrder(RedisKeys.nodeChannel("n1"), RedisKeys.nodeChannel("n2"));
            assertThat(got.subList(0, 2)).allSatisfy(r -> assertThat(r.message().getNotice()).isEqualTo(posted.stored()));
            assertThat(got.get(2).message().getNotice().getChannel()).isEqualTo("i:r-1");
            assertThat(nodes.drain()).isEmpty();
        }
    }

    /** An inbox entry (reminder, event update) stored but never published is published by its retry, once. */
    @Test
    void aRetryPublishesAnEntryThatWasStoredButNeverPublished_once() throws Exception {
        sync.hset(RedisKeys.presence("r-1"), Map.of("phone", "n1".getBytes()));
        Notice prepared = draft("事件已受理").toBuilder().setChannel("i:r-1").setPostedAtMs(NOW_MS).build();
        Routed lost = await(new AppendScript().run(connection, prepared, "ev-1:accepted"));
        assertThat(lost.publish()).isTrue();

        try (NodeSubscriber nodes = new NodeSubscriber(connector)) {
            Posted retry = await(store.appendToInbox("r-1", draft("事件已受理"), "ev-1:accepted"));
            Posted again = await(store.appendToInbox("r-1", draft("事件已受理"), "ev-1:accepted"));
            await(store.appendToInbox("r-1", draft("end"), "ev-1:done"));

            assertThat(retry).isEqualTo(new Posted("i:r-1", 1, true, 0, lost.posted().stored()));
            assertThat(again).isEqualTo(retry);
            assertThat(nodes.next().message().getNotice()).isEqualTo(lost.posted().stored());
            assertThat(nodes.next().message().getNotice().getBody().getTitle()).isEqualTo("end");
            assertThat(nodes.drain()).isEmpty();
        }
        long marker = sync.ttl(RedisKeys.published("i:r-1", "ev-1:accepted"));
        assertThat(marker).isBetween(NoticeLimits.DEDUPE_TTL.toSeconds() - 60, NoticeLimits.DEDUPE_TTL.toSeconds());
    }
}
