package org.gridcast.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.CompletableFuture;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Envelope.BodyCase;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.GetUnread;
import org.gridcast.protocol.Ping;
import org.gridcast.protocol.Pong;
import org.gridcast.protocol.UnreadCounts;
import org.gridcast.seeds.Role;
import org.gridcast.server.GridcastException;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.session.MemberIdentity;
import org.gridcast.server.session.Session;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Dispatcher dispatcher = new Dispatcher(new GridcastMetrics(meters))
            .register(BodyCase.PING, (s, r) -> CompletableFuture.completedFuture(Pong.newBuilder().setServerTimeMs(42).build()))
            .register(BodyCase.GET_UNREAD, (s, r) -> CompletableFuture.failedFuture(GridcastException.forbidden("not yours")))
            .register(BodyCase.FETCH, (s, r) -> {
                throw new IllegalStateException("bug");
            });
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @Test
    void shedsRequestsPastTheInFlightCapAndAdmitsAgainOnceOneFinishes() {
        CompletableFuture<Pong> slow = new CompletableFuture<>();
        Dispatcher capped = new Dispatcher(new GridcastMetrics(meters), 2)
                .register(BodyCase.PING, (s, r) -> slow);
        login();
        capped.dispatch(channel, request(1, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));
        capped.dispatch(channel, request(2, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));
        capped.dispatch(channel, request(3, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));

        Envelope shed = reply();
        assertThat(shed.getRequestId()).isEqualTo(3);
        assertThat(shed.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(capped.inFlight()).isEqualTo(2);
        assertThat(meters.get(GridcastMetrics.REQUESTS_SHED).tag(GridcastMetrics.TAG_LIMIT, Dispatcher.LIMIT_IN_FLIGHT).counter().count())
                .isEqualTo(1.0);

        slow.complete(Pong.newBuilder().setServerTimeMs(7).build());
        assertThat(java.util.List.of(reply().getRequestId(), reply().getRequestId())).containsExactlyInAnyOrder(1L, 2L);
        assertThat(capped.inFlight()).isZero();
        capped.dispatch(channel, request(4, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));
        assertThat(reply().getPong().getServerTimeMs()).isEqualTo(7);
    }

    @Test
    void shedsLoginsPastTheLoginCapWithoutCallingTheHandlerWhileOtherRequestsStillPass() {
        java.util.List<CompletableFuture<Pong>> logins = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        Dispatcher capped = new Dispatcher(new GridcastMetrics(meters), 10)
                .limit(BodyCase.LOGIN, new InFlightLimit("logins", 2, "node busy with logins; retry with backoff"))
                .registerAnonymous(BodyCase.LOGIN, (c, r) -> {
                    handled.incrementAndGet();
                    CompletableFuture<Pong> f = new CompletableFuture<>();
                    logins.add(f);
                    return f;
                })
                .register(BodyCase.PING, (s, r) -> CompletableFuture.completedFuture(Pong.newBuilder().setServerTimeMs(5).build()));
        capped.dispatch(channel, request(1, loginRequest()));
        capped.dispatch(channel, request(2, loginRequest()));
        capped.dispatch(channel, request(3, loginRequest()));

        Envelope shed = reply();
        assertThat(shed.getRequestId()).isEqualTo(3);
        assertThat(shed.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(shed.getError().getMessage()).isEqualTo("node busy with logins; retry with backoff");
        assertThat(handled).hasValue(2);
        assertThat(capped.inFlight(BodyCase.LOGIN)).isEqualTo(2);
        assertThat(capped.inFlight()).isEqualTo(2);
        assertThat(meters.get(GridcastMetrics.REQUESTS_SHED).tag(GridcastMetrics.TAG_LIMIT, "logins").counter().count())
                .isEqualTo(1.0);

        login();
        capped.dispatch(channel, request(4, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));
        assertThat(reply().getPong().getServerTimeMs()).isEqualTo(5);

        // success and failure both give the slot back
        logins.get(0).complete(Pong.getDefaultInstance());
        logins.get(1).completeExceptionally(new GridcastException(ErrorCode.UNAUTHENTICATED, "bad token"));
        assertThat(java.util.List.of(reply().getRequestId(), reply().getRequestId())).containsExactlyInAnyOrder(1L, 2L);
        assertThat(capped.inFlight(BodyCase.LOGIN)).isZero();
        assertThat(capped.inFlight()).isZero();
        capped.dispatch(channel, request(5, loginRequest()));
        assertThat(handled).hasValue(3);
        assertThat(capped.inFlight(BodyCase.LOGIN)).isEqualTo(1);
    }

    @Test
    void aLoginShedByTheNodeCapTakesNoLoginSlot() {
        CompletableFuture<Pong> slow = new CompletableFuture<>();
        Dispatcher capped = new Dispatcher(new GridcastMetrics(meters), 1)
                .limit(BodyCase.LOGIN, new InFlightLimit("logins", 1, "busy"))
                .registerAnonymous(BodyCase.LOGIN, (c, r) -> slow)
                .register(BodyCase.PING, (s, r) -> slow);
        login();
        capped.dispatch(channel, request(1, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));
        capped.dispatch(channel, request(2, loginRequest()));
        Envelope shed = reply();
        assertThat(shed.getError().getMessage()).isEqualTo("server busy; retry with backoff");
        assertThat(capped.inFlight(BodyCase.LOGIN)).isZero();
        assertThat(meters.get(GridcastMetrics.REQUESTS_SHED).tag(GridcastMetrics.TAG_LIMIT, Dispatcher.LIMIT_IN_FLIGHT)
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void aLoginThatThrowsOrNeverCompletesGivesItsLoginSlotBack() throws Exception {
        CompletableFuture<Pong> never = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean hang = new java.util.concurrent.atomic.AtomicBoolean();
        Dispatcher capped = new Dispatcher(new GridcastMetrics(meters), 4, java.time.Duration.ofMillis(100))
                .limit(BodyCase.LOGIN, new InFlightLimit("logins", 1, "busy"))
                .registerAnonymous(BodyCase.LOGIN, (c, r) -> {
                    if (hang.get()) {
                        return never;
                    }
                    throw GridcastException.badRequest("already logged in");
                });
        capped.dispatch(channel, request(1, loginRequest()));
        assertThat(reply().getError().getCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(capped.inFlight(BodyCase.LOGIN)).isZero();

        hang.set(true);
        capped.dispatch(channel, request(2, loginRequest()));
        assertThat(capped.inFlight(BodyCase.LOGIN)).isEqualTo(1);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (channel.outboundMessages().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10); // the reply is written from the timer thread
        }
        Envelope timedOut = reply();
        assertThat(timedOut.getRequestId()).isEqualTo(2);
        assertThat(timedOut.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(capped.inFlight(BodyCase.LOGIN)).isZero();
        assertThat(capped.inFlight()).isZero();
    }

    @Test
    void refusesASecondLimitForOneKindAndALimitBelowOne() {
        Dispatcher d = new Dispatcher(new GridcastMetrics(meters)).limit(BodyCase.LOGIN, new InFlightLimit("logins", 1, "busy"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.limit(BodyCase.LOGIN, new InFlightLimit("logins", 2, "busy")))
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InFlightLimit("logins", 0, "busy"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("logins limit must be >= 1, got 0");
    }

    @Test
    void aHandlerThatThrowsAnErrorOrReturnsNothingStillAnswersAndFreesItsSlot() {
        Dispatcher capped = new Dispatcher(new GridcastMetrics(meters), 1)
                .register(BodyCase.PING, (s, r) -> {
                    throw new AssertionError("a bug that is not a RuntimeException");
                })
                .register(BodyCase.GET_UNREAD, (s, r) -> null);
        login();
        capped.dispatch(channel, request(1, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));
        assertThat(reply().getError().getCode()).isEqualTo(ErrorCode.INTERNAL);
        capped.dispatch(channel, request(2, Envelope.newBuilder().setGetUnread(GetUnread.getDefaultInstance())));
        assertThat(reply().getError().getCode()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(capped.inFlight()).isZero();
    }

    @Test
    void aRequestThatNeverCompletesIsAnsweredUnavailableAfterTheTimeoutAndFreesItsSlot() throws Exception {
        CompletableFuture<Pong> never = new CompletableFuture<>();
        Dispatcher capped = new Dispatcher(new GridcastMetrics(meters), 1, java.time.Duration.ofMillis(100))
                .register(BodyCase.PING, (s, r) -> never);
        login();
        capped.dispatch(channel, request(1, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));
        assertThat(capped.inFlight()).isEqualTo(1);

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (channel.outboundMessages().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10); // the reply is written from the timer thread
        }
        Envelope reply = reply();
        assertThat(reply.getRequestId()).isEqualTo(1);
        assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(capped.inFlight()).isZero();
    }

    @Test
    void repliesWithTheRequestIdAndTheBody() {
        login();
        dispatcher.dispatch(channel, request(9, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));

        Envelope reply = reply();
        assertThat(reply.getRequestId()).isEqualTo(9);
        assertThat(reply.getVersion()).isEqualTo(1);
        assertThat(reply.getPong().getServerTimeMs()).isEqualTo(42);
    }

    @Test
    void mapsGridcastExceptionToItsCode() {
        login();
        dispatcher.dispatch(channel, request(3, Envelope.newBuilder().setGetUnread(GetUnread.getDefaultInstance())));

        Envelope reply = reply();
        assertThat(reply.getRequestId()).isEqualTo(3);
        assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(reply.getError().getMessage()).isEqualTo("not yours");
        assertThat(meters.get(GridcastMetrics.ERRORS).tag(GridcastMetrics.TAG_CODE, "FORBIDDEN").counter().count()).isEqualTo(1.0);
    }

    @Test
    void mapsAnythingElseToInternal() {
        login();
        dispatcher.dispatch(channel, request(4, Envelope.newBuilder().setFetch(org.gridcast.protocol.Fetch.getDefaultInstance())));

        assertThat(reply().getError().getCode()).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void refusesUnknownBodiesAndMissingSessions() {
        dispatcher.dispatch(channel, request(5, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));
        assertThat(reply().getError().getCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);

        login();
        dispatcher.dispatch(channel, request(6, Envelope.newBuilder().setUnreadCounts(UnreadCounts.getDefaultInstance())));
        Envelope reply = reply();
        assertThat(reply.getRequestId()).isEqualTo(6);
        assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.BAD_REQUEST);

        dispatcher.dispatch(channel, request(0, Envelope.newBuilder().setPing(Ping.getDefaultInstance())));
        assertThat(reply().getError().getCode()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void wrapsBareBodiesIntoTheirEnvelopeField() {
        assertThat(Envelopes.wrap(0, UnreadCounts.newBuilder().setTotal(3).build()).build().getUnreadCounts().getTotal())
                .isEqualTo(3);
        assertThat(Envelopes.push(Pong.getDefaultInstance()).getBodyCase()).isEqualTo(BodyCase.PONG);
    }

    private void login() {
        channel.attr(Session.KEY).set(new Session(1, new MemberIdentity("alice", "mg1", Role.RESIDENT, "A"), "d", 0, channel));
    }

    private static Envelope.Builder loginRequest() {
        return Envelope.newBuilder().setLogin(org.gridcast.protocol.Login.newBuilder().setToken("t").setDevice("d"));
    }

    private static Envelope request(long id, Envelope.Builder b) {
        return b.setVersion(1).setRequestId(id).build();
    }

    private Envelope reply() {
        ByteBuf frame = channel.readOutbound();
        try {
            frame.skipBytes(Frames.LENGTH_BYTES);
            byte[] b = new byte[frame.readableBytes()];
            frame.readBytes(b);
            return Envelope.parseFrom(b);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            frame.release();
        }
    }
}
