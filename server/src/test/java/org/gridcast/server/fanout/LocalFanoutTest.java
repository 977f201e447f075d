package org.gridcast.server.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Notice;
import org.gridcast.seeds.Role;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.session.MemberIdentity;
import org.gridcast.server.session.Session;
import org.gridcast.server.session.SessionRegistry;
import org.gridcast.server.testing.TestNode;
import org.junit.jupiter.api.Test;

class LocalFanoutTest {
    private final SessionRegistry registry = new SessionRegistry();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final GridcastMetrics metrics = new GridcastMetrics(meters);
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
    private final LocalFanout fanout = new LocalFanout(registry, TestNode.TREE,
            id -> CompletableFuture.completedFuture(id.equals("x") ? List.of("carol") : List.of()), metrics, alloc);

    private final EmbeddedChannel alice = open("alice", "mg1");
    private final EmbeddedChannel bob = open("bob", "mg1");
    private final EmbeddedChannel carol = open("carol", "mg2");
    private final EmbeddedChannel worker = open("worker", "grid");

    @Test
    void unitNoticeReachesTheWholeSubtreeOnly() throws Exception {
        Notice notice = notice("u:grid", 7);

        int written = fanout.deliver(notice).toCompletableFuture().thenApply(n -> n).getNow(-1);
        runAll();

        assertThat(written).isIn(-1, 4);
        for (EmbeddedChannel ch : List.of(alice, bob, carol, worker)) {
            assertThat(pushed(ch)).isEqualTo(notice);
        }
        assertThat(meters.get(GridcastMetrics.DELIVERIES).counter().count()).isEqualTo(4.0);
        assertThat(meters.get(GridcastMetrics.FANOUT_DURATION).timer().count()).isEqualTo(1);
        assertThat(meters.get(GridcastMetrics.DELIVERY_LATENCY).timer().count()).isEqualTo(1);
    }

    @Test
    void microgridNoticeSkipsSiblingsAndParents() {
        fanout.deliver(notice("u:mg1", 1));
        runAll();

        assertThat(pushed(alice).getSeq()).isEqualTo(1);
        assertThat(pushed(bob).getSeq()).isEqualTo(1);
        assertThat((Object) carol.readOutbound()).isNull();
        assertThat((Object) worker.readOutbound()).isNull();
    }

    @Test
    void inboxAndConversationReachTheirMembers() {
        fanout.deliver(notice("i:bob", 3));
        fanout.deliver(notice("c:x", 4));
        runAll();

        assertThat(pushed(bob).getSeq()).isEqualTo(3);
        assertThat(pushed(carol).getSeq()).isEqualTo(4);
        assertThat((Object) alice.readOutbound()).isNull();
    }

    @Test
    void releasesTheSharedFrame() {
        fanout.deliver(notice("u:town", 1));
        runAll();
        List<ByteBuf> frames = List.of(alice, bob, carol, worker).stream().map(ch -> (ByteBuf) ch.readOutbound()).toList();
        // One encoded buffer shared by all four sessions: only their four references remain.
        assertThat(frames.get(0).refCnt()).isEqualTo(4);
        frames.forEach(ByteBuf::release);
        assertThat(frames.get(0).refCnt()).isZero();
    }

    private void runAll() {
        for (EmbeddedChannel ch : List.of(alice, bob, carol, worker)) {
            ch.runPendingTasks();
        }
    }

    private static Notice pushed(EmbeddedChannel ch) {
        ByteBuf frame = ch.readOutbound();
        try {
            int len = frame.readInt();
            assertThat(len).isEqualTo(frame.readableBytes());
            byte[] b = new byte[len];
            frame.readBytes(b);
            Envelope e = Envelope.parseFrom(b);
            assertThat(e.getRequestId()).isZero();
            return e.getNoticePush().getNotice();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            frame.release();
        }
    }

    private static Notice notice(String channel, long seq) {
        return Notice.newBuilder().setChannel(channel).setSeq(seq).setPostedAtMs(System.currentTimeMillis() - 5)
                .setSender("worker").build();
    }

    private EmbeddedChannel open(String member, String unit) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Session s = new Session(member.hashCode(), new MemberIdentity(member, unit, Role.RESIDENT, member), "d", 0, ch);
        registry.add(s);
        return ch;
    }

}
