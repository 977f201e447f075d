package org.gridcast.server.notice;

import org.gridcast.server.redis.RedisKeys;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Notice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PostDirectScriptIT extends NoticeRedisSupport {

    @Test
    void storesOutboxInboxesAndRecipients() throws Exception {
        await(store.appendToInbox("r-2", draft("earlier"), "x"));
        Notice draft = draft("请来社区领取补贴");
        Posted posted = await(store.postDirect("staff-1", List.of("r-1", "r-2"), draft, "m-1"));

        Notice outbox = draft.toBuilder().setChannel("o:staff-1").setSeq(1).setPostedAtMs(NOW_MS).build();
        assertThat(posted).isEqualTo(new Posted("o:staff-1", 1, false, 2, outbox));
        assertThat(Notice.parseFrom(sync.hget("ch:{o:staff-1}:log", "1"))).isEqualTo(outbox);

        Notice inbox2 = draft.toBuilder().setChannel("i:r-2").setSeq(2).setPostedAtMs(NOW_MS)
                .setOriginChannel("o:staff-1").setOriginSeq(1).build();
        assertThat(Notice.parseFrom(sync.hget("ch:{i:r-2}:log", "2"))).isEqualTo(inbox2);
        assertThat(Notice.parseFrom(sync.hget("ch:{i:r-1}:log", "1")).getChannel()).isEqualTo("i:r-1");

        Map<String, String> rcpt = sync.hgetall("ch:{o:staff-1}:rcpt:1").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new String(e.getValue())));
        assertThat(rcpt).isEqualTo(Map.of("r-1", "i:r-1 1", "r-2", "i:r-2 2"));
    }

    @Test
    void retryReturnsTheFirstPostWithoutNewInboxEntries() {
        Posted first = await(store.postDirect("staff-1", List.of("r-1", "r-2", "r-2"), draft("a"), "m-1"));
        Posted retry = await(new NoticeStore(connection, CLOCK).postDirect("staff-1", List.of("r-1"), draft("b"), "m-1"));

        assertThat(first.recipients()).isEqualTo(2);
        assertThat(retry).isEqualTo(new Posted("o:staff-1", 1, true, 2, first.stored()));
        assertThat(sync.hget("ch:{i:r-1}:log", "head")).isEqualTo("1".getBytes());
    }

    /** On one Redis there are no replicas to wait for: a post sends no WAIT at all. */
    @Test
    void onOneRedisAPostSendsNoWait() {
        long before = waitCalls();
        Posted posted = await(store.postDirect("staff-1", List.of("r-1", "r-2", "r-3"), draft("a"), "m-1"));

        assertThat(posted.recipients()).isEqualTo(3);
        assertThat(sync.hget("ch:{i:r-3}:log", "head")).isEqualTo("1".getBytes());
        assertThat(waitCalls()).isEqualTo(before);
    }

    private long waitCalls() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_wait:calls=(\\d+)")
                .matcher(sync.info("commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void refusesMoreThanTheRecipientLimit() {
        List<String> many = java.util.stream.IntStream.rangeClosed(0, NoticeLimits.MAX_RECIPIENTS)
                .mapToObj(i -> "r-" + i).toList();
        assertThat(failure(store.postDirect("staff-1", many, draft("a"), "m-1")).code())
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(sync.exists("ch:{o:staff-1}:log")).isZero();
    }

    @Test
    void publishesEachInboxEntryOncePerNodeOfTheRecipient() throws Exception {
        sync.hset(RedisKeys.presence("r-1"), Map.of("phone", "n1".getBytes(), "pad", "n1".getBytes(), "web", "n2".getBytes()));
        try (NodeSubscriber nodes = new NodeSubscriber(connector)) {
            await(store.postDirect("staff-1", List.of("r-1", "r-offline"), draft("a"), "m-1"));
            await(store.postToUnit("marker", draft("marker"), "m-2"));
            sync.sadd(RedisKeys.route("marker"), "n9".getBytes());
            await(store.postToUnit("marker", draft("marker"), "m-3"));

            List<NodeSubscriber.Received> got = List.of(nodes.next(), nodes.next(), nodes.next());
            assertThat(got).extracting(NodeSubscriber.Received::channel)
                    .containsExactlyInAnyOrder(RedisKeys.nodeChannel("n1"), RedisKeys.nodeChannel("n2"), RedisKeys.nodeChannel("n9"));
            assertThat(got.stream().filter(r -> !r.channel().equals(RedisKeys.nodeChannel("n9"))))
                    .allSatisfy(r -> {
                        assertThat(r.message().getNotice().getChannel()).isEqualTo("i:r-1");
                        assertThat(r.message().getNotice().getOriginSeq()).isEqualTo(1);
                    });
            assertThat(nodes.drain()).isEmpty();
        }
    }

    /**
     * A retry pushes each inbox copy whose push never completed (no marker), and only those: here
     * r-1's copy was pushed by the first attempt and r-2's marker is gone, as when the copy script
     * ran after the server stopped waiting for it.
     */
    @Test
    void aRetryPushesOnlyTheCopiesThatWereNeverPushed() throws Exception {
        sync.hset(RedisKeys.presence("r-1"), Map.of("phone", "n1".getBytes()));
        sync.hset(RedisKeys.presence("r-2"), Map.of("phone", "n2".getBytes()));
        await(store.postDirect("staff-1", List.of("r-1", "r-2"), draft("请来社区"), "m-1"));
        sync.del(RedisKeys.published("i:r-2", "o:staff-1#1"));

        try (NodeSubscriber nodes = new NodeSubscriber(connector)) {
            Posted retry = await(store.postDirect("staff-1", List.of("r-1", "r-2"), draft("请来社区"), "m-1"));
            Posted again = await(store.postDirect("staff-1", List.of("r-1", "r-2"), draft("请来社区"), "m-1"));
            await(store.postToUnit("marker", draft("marker"), "m-2"));
            sync.sadd(RedisKeys.route("marker"), "n9".getBytes());
            await(store.postToUnit("marker", draft("marker"), "m-3"));

            assertThat(List.of(retry.seq(), again.seq())).containsExactly(1L, 1L);
            assertThat(List.of(retry.duplicate(), again.duplicate())).containsExactly(true, true);
            NodeSubscriber.Received pushed = nodes.next();
            assertThat(pushed.channel()).isEqualTo(RedisKeys.nodeChannel("n2"));
            assertThat(pushed.message().getNotice().getChannel() + "#" + pushed.message().getNotice().getSeq())
                    .isEqualTo("i:r-2#1");
            assertThat(nodes.next().channel()).isEqualTo(RedisKeys.nodeChannel("n9"));
            assertThat(nodes.drain()).isEmpty();
        }
        assertThat(sync.hget("ch:{i:r-2}:log", "head")).isEqualTo("1".getBytes());
        assertThat(sync.exists(RedisKeys.published("i:r-2", "o:staff-1#1"))).isEqualTo(1);
    }
}
