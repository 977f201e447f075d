package org.gridcast.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Envelope.BodyCase;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Fetch;
import org.gridcast.protocol.FetchResult;
import org.gridcast.seeds.Role;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.net.ConnectionGuard;
import org.gridcast.server.net.ConnectionLimits;
import org.gridcast.server.net.Dispatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-session request flow on a real Netty pipeline (EmbeddedChannel) in front of the real
 * dispatcher, with Fetch handlers that finish when the test says: the cap on requests in flight,
 * reading paused and resumed, requests kept in order while they wait, and the waiting limit.
 */
class RequestFlowTest {
    private static final int MAX_IN_FLIGHT = 4;
    private static final int MAX_WAITING = 3;

    /** Fetches the handler is working on, in the order they started; the test completes them. */
    private final List<CompletableFuture<FetchResult>> pending = new ArrayList<>();
    private final List<Long> started = new ArrayList<>();
    private EmbeddedChannel channel;
    private Session session;

    @BeforeEach
    void pipeline() {
        GridcastMetrics metrics = new GridcastMetrics(new SimpleMeterRegistry());
        Dispatcher dispatcher = new Dispatcher(metrics)
                .register(BodyCase.FETCH, (s, r) -> {
                    CompletableFuture<FetchResult> page = new CompletableFuture<>();
                    pending.add(page);
                    started.add(r.getFetch().getAfterSeq());
                    return page;
                });
        RequestFlow flow = new RequestFlow(dispatcher::dispatch, MAX_IN_FLIGHT, MAX_WAITING);
        channel = new EmbeddedChannel(new ConnectionGuard(
                new ConnectionGuard.Rules(dispatcher, flow, ConnectionLimits.DEFAULTS, LoginStateProvider.EMPTY,
                        metrics, new SessionRegistry())));
        session = new Session(1, new MemberIdentity("r1", "m1", Role.RESIDENT, "居民"), "phone", 0, channel);
        channel.attr(Session.KEY).set(session);
    }

    @Test
    void stopsReadingAtTheCapAndStartsWaitingRequestsInOrderAsOthersFinish() {
        for (long id = 1; id <= 6; id++) {
            channel.writeInbound(fetch(id));
        }
        assertThat(started).containsExactly(1L, 2L, 3L, 4L);
        assertThat(session.requestsInFlight()).isEqualTo(MAX_IN_FLIGHT);
        assertThat(session.waitingRequests()).isEqualTo(2);
        assertThat(channel.config().isAutoRead()).isFalse();

        finish(0);
        assertThat(replyIds()).containsExactly(1L);
        assertThat(started).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(channel.config().isAutoRead()).isFalse();

        finish(1);
        assertThat(started).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(session.waitingRequests()).isZero();
        assertThat(channel.config().isAutoRead()).isFalse();

        finish(2);
        assertThat(session.requestsInFlight()).isEqualTo(MAX_IN_FLIGHT - 1);
        assertThat(channel.config().isAutoRead()).isTrue();
        for (int i = 3; i < 6; i++) {
            finish(i);
        }
        assertThat(replyIds()).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(session.requestsInFlight()).isZero();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void whileTheClientIsNotReadingNothingStartsAndNothingIsRead() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ByteBuf unread = Unpooled.wrappedBuffer(new byte[32]);
        channel.write(unread); // queued, not flushed: over the high-water mark
        assertThat(channel.isWritable()).isFalse();
        assertThat(channel.config().isAutoRead()).isFalse();

        channel.writeInbound(fetch(1));
        channel.writeInbound(fetch(2));
        assertThat(started).isEmpty();
        assertThat(session.waitingRequests()).isEqualTo(2);

        channel.flush(); // the client read: writable again
        assertThat(channel.isWritable()).isTrue();
        assertThat(started).containsExactly(1L, 2L);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aClientWithMoreThanTheWaitingLimitUnansweredIsRateLimitedAndClosed() {
        for (long id = 1; id <= MAX_IN_FLIGHT + MAX_WAITING; id++) {
            channel.writeInbound(fetch(id));
        }
        assertThat(channel.isOpen()).isTrue();
        assertThat((Object) channel.readOutbound()).isNull();

        channel.writeInbound(fetch(MAX_IN_FLIGHT + MAX_WAITING + 1));
        Envelope refused = reply();
        assertThat(refused.getRequestId()).isEqualTo(MAX_IN_FLIGHT + MAX_WAITING + 1);
        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(started).hasSize(MAX_IN_FLIGHT);
    }

    private static Envelope fetch(long id) {
        // after_seq = the id, so the handler can tell which request it was given
        return Envelope.newBuilder().setVersion(1).setRequestId(id)
                .setFetch(Fetch.newBuilder().setChannel("u:m1").setAfterSeq(id)).build();
    }

    private void finish(int index) {
        pending.get(index).complete(FetchResult.newBuilder().setChannel("u:m1").build());
        channel.runPendingTasks();
    }

    private List<Long> replyIds() {
        List<Long> ids = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ids.add(parse(o).getRequestId());
        }
        return ids;
    }

    private Envelope reply() {
        return parse(channel.readOutbound());
    }

    private static Envelope parse(Object frame) {
        ByteBuf buf = (ByteBuf) frame;
        try {
            buf.skipBytes(4);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return Envelope.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        } finally {
            buf.release();
        }
    }
}
