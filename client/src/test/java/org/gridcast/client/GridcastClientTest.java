package org.gridcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.gridcast.protocol.ChannelState;
import org.gridcast.protocol.DirectoryChanged;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.InviteRedeemed;
import org.gridcast.protocol.Kicked;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.protocol.UnreadPush;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's session, sync, dedupe and gap logic against a real-frame protocol peer on 127.0.0.1. */
@Timeout(30)
class GridcastClientTest {

    private FakeServer server;
    private final RecordingListener listener = new RecordingListener();
    private final List<GridcastClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeServer();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(GridcastClient::close);
        server.close();
    }

    private static ClientOptions fast() {
        return ClientOptions.builder().requestTimeout(Duration.ofSeconds(3))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100)).build();
    }

    private GridcastClient client(ClientOptions options, CursorStore cursors, String token) {
        GridcastClient c = GridcastClient.builder().server("127.0.0.1", server.port()).token(token).device("phone")
                .options(options).cursorStore(cursors).listener(listener).build();
        clients.add(c);
        return c;
    }

    private GridcastClient client(CursorStore cursors) {
        return client(fast(), cursors, "good");
    }

    private static List<String> seqs(String channel, boolean backlog, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> (backlog ? "backlog " : "live ") + channel + "#" + i).toList();
    }

    @Test
    void loginSendsTokenDeviceAndCursors() throws Exception {
        InMemoryCursorStore cursors = new InMemoryCursorStore();
        cursors.advance("u:mg1", 4);
        client(cursors).connect().get(5, TimeUnit.SECONDS);

        Login login = server.logins.get(0);
        assertThat(login.getToken()).isEqualTo("good");
        assertThat(login.getDevice()).isEqualTo("phone");
        assertThat(login.getCursorsList()).hasSize(1);
        assertThat(login.getCursors(0).getChannel()).isEqualTo("u:mg1");
        assertThat(login.getCursors(0).getDelivered()).isEqualTo(4);
    }

    @Test
    void syncWithoutCursorStartsAtTheReadCursor() throws Exception {
        server.follow("u:mg1", 2, 0);
        server.appendMany("u:mg1", 5);
        InMemoryCursorStore cursors = new InMemoryCursorStore();
        client(cursors).connect().get(5, TimeUnit.SECONDS);

        assertThat(listener.until("synced")).containsExactly(
                "connected", "unread 7  0", "backlog u:mg1#3", "backlog u:mg1#4", "backlog u:mg1#5", "synced");
        assertThat(server.nextRequest(Envelope.BodyCase.FETCH).getFetch().getAfterSeq()).isEqualTo(2);
        assertThat(cursors.delivered("u:mg1")).hasValue(5);
    }

    @Test
    void syncNeverFetchesBeforeTheMemberJoined() throws Exception {
        server.follow("u:town", 1, 3);
        server.appendMany("u:town", 5);
        InMemoryCursorStore cursors = new InMemoryCursorStore();
        cursors.advance("u:town", 2);
        client(cursors).connect().get(5, TimeUnit.SECONDS);

        assertThat(RecordingListener.notices(listener.until("synced"))).isEqualTo(seqs("u:town", true, 4, 5));
    }

    @Test
    void syncFromTheDeviceCursorPagesUpToTheHead() throws Exception {
        server.follow("u:mg1", 0, 0);
        server.follow("i:m1", 0, 0);
        server.appendMany("u:mg1", 450);
        server.appendMany("i:m1", 1);
        InMemoryCursorStore cursors = new InMemoryCursorStore();
        cursors.advance("u:mg1", 10);
        cursors.advance("i:m1", 1);
        client(cursors).connect().get(5, TimeUnit.SECONDS);

        List<String> notices = RecordingListener.notices(listener.until("synced"));
        assertThat(notices).isEqualTo(seqs("u:mg1", true, 11, 450));
        List<Long> afters = new ArrayList<>();
        Envelope fetch;
        while ((fetch = server.requests.poll()) != null) {
            if (fetch.getBodyCase() == Envelope.BodyCase.FETCH) {
                assertThat(fetch.getFetch().getLimit()).isEqualTo(200);
                afters.add(fetch.getFetch().getAfterSeq());
            }
        }
        assertThat(afters).containsExactly(10L, 210L, 410L);
    }

    @Test
    void maxPagesPerSyncSplitsAChannelIntoSeveralPasses() throws Exception {
        server.follow("u:mg1", 0, 0);
        server.appendMany("u:mg1", 25);
        ClientOptions options = fast().toBuilder().fetchPageSize(10).maxPagesPerSync(1).build();
        client(options, new InMemoryCursorStore(), "good").connect().get(5, TimeUnit.SECONDS);

        assertThat(RecordingListener.notices(listener.until("synced"))).isEqualTo(seqs("u:mg1", true, 1, 25));
    }

    @Test
    void livePushInOrderIsDeliveredAndADuplicateIsDropped() throws Exception {
        server.follow("u:mg1", 0, 0);
        server.appendMany("u:mg1", 2);
        client(new InMemoryCursorStore()).connect().get(5, TimeUnit.SECONDS);
        listener.until("synced");

        server.pushNotice(server.append("u:mg1", "third"));
        server.pushNotice(notice("u:mg1", 2));                                    // already held
        server.pushNotice(notice("u:mg1", 3));                                    // the same push again
        server.pushNotice(server.append("u:mg1", "fourth"));

        assertThat(RecordingListener.notices(listener.until("live u:mg1#4"))).containsExactly("live u:mg1#3", "live u:mg1#4");
    }

    @Test
    void pushAfterAGapFetchesTheGapFirst() throws Exception {
        server.follow("u:mg1", 0, 0);
        server.appendMany("u:mg1", 1);
        InMemoryCursorStore cursors = new InMemoryCursorStore();
        client(cursors).connect().get(5, TimeUnit.SECONDS);
        listener.until("synced");
        server.requests.clear();

        server.append("u:mg1", "missed 2");
        server.append("u:mg1", "missed 3");
        Notice fourth = server.append("u:mg1", "fourth");
        server.pushNotice(fourth);

        // The gap fetch returns up to the head, so #4 comes from the fetch too; the push is then a duplicate.
        assertThat(RecordingListener.notices(listener.until("backlog u:mg1#4"))).isEqualTo(seqs("u:mg1", true, 2, 4));
        assertThat(server.nextRequest(Envelope.BodyCase.FETCH).getFetch().getAfterSeq()).isEqualTo(1);
        server.pushNotice(server.append("u:mg1", "fifth"));
        assertThat(RecordingListener.notices(listener.until("live"))).containsExactly("live u:mg1#5");
        // The cursor rises right after the callback returns (at-least-once toward the app).
        assertThat(eventually(() -> cursors.delivered("u:mg1").orElse(0))).isEqualTo(5);
    }

    @Test
    void gapThatTheServerCannotFillStillDeliversThePush() throws Exception {
        server.follow("u:mg1", 0, 0);
        client(new InMemoryCursorStore()).connect().get(5, TimeUnit.SECONDS);
        listener.until("synced");

        server.pushNotice(notice("u:mg1", 3)); // the log holds nothing: fetch returns an empty page
        assertThat(RecordingListener.notices(listener.until("live"))).containsExactly("live u:mg1#3");
    }

    @Test
    void unreadPushReachesTheListener() throws Exception {
        client(new InMemoryCursorStore()).connect().get(5, TimeUnit.SECONDS);
        listener.until("synced");
        server.current().send(Envelope.newBuilder().setUnreadPush(
                UnreadPush.newBuilder().setChannel("u:mg1").setRead(9).setUnreadTotal(3)).build());
        assertThat(listener.until("unread 3")).last().isEqualTo("unread 3 u:mg1 9");
    }

    @Test
    void directoryChangeSyncsTheNewChannelList() throws Exception {
        server.follow("u:mg1", 0, 0);
        client(new InMemoryCursorStore()).connect().get(5, TimeUnit.SECONDS);
        listener.until("synced");

        server.appendMany("u:mg2", 3);
        ChannelState moved = ChannelState.newBuilder().setChannel("u:mg2").setHead(3).setRead(1).setStart(0).build();
        server.current().send(Envelope.newBuilder().setDirectoryChanged(DirectoryChanged.newBuilder()
                .setUnit("mg2").setRole("RESIDENT").addChannels(moved).setUnreadTotal(2)).build());

        assertThat(listener.until("synced")).containsExactly("unread 2  0", "backlog u:mg2#2", "backlog u:mg2#3", "synced");
    }

    @Test
    void reconnectsAfterADropAndResyncsFromItsCursors() throws Exception {
        server.follow("u:mg1", 0, 0);
        server.appendMany("u:mg1", 2);
        client(new InMemoryCursorStore()).connect().get(5, TimeUnit.SECONDS);
        listener.until("synced");

        server.current().close();
        server.append("u:mg1", "while away");
        List<String> events = listener.until("synced");

        assertThat(events.get(0)).startsWith("disconnected ");
        assertThat(RecordingListener.notices(events)).containsExactly("backlog u:mg1#3");
        assertThat(server.logins).hasSize(2);
        assertThat(server.logins.get(1).getCursors(0).getDelivered()).isEqualTo(2);
    }

    @Test
    void replacedSessionDoesNotReconnect() throws Exception {
        GridcastClient c = client(new InMemoryCursorStore());
        c.connect().get(5, TimeUnit.SECONDS);
        listener.until("synced");
        server.current().send(Envelope.newBuilder().setKicked(
                Kicked.newBuilder().setReason(ErrorCode.REPLACED).setMessage("newer login")).build());

        assertThat(listener.until("disconnected")).containsExactly("kicked REPLACED", "disconnected kicked: REPLACED");
        // The backoff is at most 100 ms here: a reconnect would have logged in well within a second.
        assertThat(listener.events.poll(1, TimeUnit.SECONDS)).isNull();
        assertThat(server.logins).hasSize(1);
        assertThat(c.isConnected()).isFalse();
    }

    @Test
    void slowConsumerKickReconnects() throws Exception {
        client(new InMemoryCursorStore()).connect().get(5, TimeUnit.SECONDS);
        listener.until("synced");
        server.current().send(Envelope.newBuilder().setKicked(Kicked.newBuilder().setReason(ErrorCode.SLOW_CONSUMER)).build());

        assertThat(listener.until("synced")).containsSubsequence("kicked SLOW_CONSUMER", "connected", "synced");
        assertThat(server.logins).hasSize(2);
    }

    @Test
    void silentServerIsDroppedAfterThreeHeartbeatsAndReconnected() throws Exception {
        server.heartbeatSeconds = 1;
        server.answerPings = false;
        client(new InMemoryCursorStore()).connect().get(5, TimeUnit.SECONDS);

        List<String> events = listener.until("disconnected");
        assertThat(events.get(events.size() - 1)).startsWith("disconnected IDLE_TIMEOUT");
        assertThat(server.nextRequest(Envelope.BodyCase.PING)).isNotNull();
        listener.until("connected");
        assertThat(server.logins).hasSize(2);
    }

    @Test
    void refusedTokenFailsConnect() {
        GridcastClient c = client(fast(), new InMemoryCursorStore(), "bad");
        assertThatThrownBy(() -> c.connect().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(GridcastClientException.class)
                .extracting(e -> ((GridcastClientException) e).code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void closedPortFailsWithConnectFailed() throws Exception {
        int port = server.port();
        server.close();
        GridcastClient c = GridcastClient.builder().server("127.0.0.1", port).token("t").device("d")
                .options(fast()).build();
        clients.add(c);
        assertThatThrownBy(() -> c.connect().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(GridcastClientException.class)
                .extracting(e -> ((GridcastClientException) e).code()).isEqualTo("CONNECT_FAILED");
    }

    @Test
    void errorReplyFailsTheRequestWithTheServerCode() throws Exception {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.POST_NOTICE
                ? FakeServer.error(ErrorCode.FORBIDDEN, "not your scope") : null;
        GridcastClient c = client(new InMemoryCursorStore());
        c.connect().get(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> c.postToUnit("mg9", NoticeBody.newBuilder().setTitle("t").build(), "id1").get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(GridcastClientException.class)
                .satisfies(e -> {
                    GridcastClientException g = (GridcastClientException) e;
                    assertThat(g.code()).isEqualTo("FORBIDDEN");
                    assertThat(g.errorCode()).hasValue(ErrorCode.FORBIDDEN);
                    assertThat(g.getMessage()).isEqualTo("not your scope");
                });
    }

    @Test
    void typedRequestCarriesItsFieldsAndReturnsTheReply() throws Exception {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.POST_NOTICE
                ? Envelope.newBuilder().setNoticePosted(NoticePosted.newBuilder().setChannel("o:m1").setSeq(12).setRecipients(2)).build()
                : null;
        GridcastClient c = client(new InMemoryCursorStore());
        c.connect().get(5, TimeUnit.SECONDS);

        NoticePosted posted = c.postToMembers(List.of("m2", "m3"), NoticeBody.newBuilder().setTitle("水费").build(), "cm-1")
                .get(5, TimeUnit.SECONDS);
        assertThat(posted.getChannel()).isEqualTo("o:m1");
        assertThat(posted.getSeq()).isEqualTo(12);
        Envelope sent = server.nextRequest(Envelope.BodyCase.POST_NOTICE);
        assertThat(sent.getVersion()).isEqualTo(1);
        assertThat(sent.getRequestId()).isPositive();
        assertThat(sent.getPostNotice().getTo().getMembersList()).containsExactly("m2", "m3");
        assertThat(sent.getPostNotice().getBody().getTitle()).isEqualTo("水费");
        assertThat(sent.getPostNotice().getClientMsgId()).isEqualTo("cm-1");
    }

    @Test
    void wrongReplyTypeFailsTheRequest() throws Exception {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.GET_UNREAD
                ? Envelope.newBuilder().setOk(org.gridcast.protocol.Ok.getDefaultInstance()).build() : null;
        GridcastClient c = client(new InMemoryCursorStore());
        c.connect().get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> c.unread().get(5, TimeUnit.SECONDS))
                .cause().extracting(e -> ((GridcastClientException) e).code()).isEqualTo("UNEXPECTED_REPLY");
    }

    @Test
    void unansweredRequestTimesOut() throws Exception {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.GET_UNREAD ? FakeServer.NO_REPLY : null;
        GridcastClient c = client(fast().toBuilder().requestTimeout(Duration.ofMillis(300)).build(), new InMemoryCursorStore(), "good");
        c.connect().get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> c.unread().get(5, TimeUnit.SECONDS))
                .cause().extracting(e -> ((GridcastClientException) e).code()).isEqualTo("TIMEOUT");
    }

    @Test
    void requestsBeforeConnectFailAtOnce() {
        GridcastClient c = client(new InMemoryCursorStore());
        assertThatThrownBy(() -> c.unread().get(1, TimeUnit.SECONDS))
                .cause().extracting(e -> ((GridcastClientException) e).code()).isEqualTo("CONNECTION_CLOSED");
    }

    @Test
    void redeemInviteNeedsNoLogin() throws Exception {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.REDEEM_INVITE
                ? Envelope.newBuilder().setInviteRedeemed(InviteRedeemed.newBuilder().setMember("m77").setToken("tok")).build()
                : null;
        InviteRedeemed redeemed = GridcastClient.redeemInvite("127.0.0.1", server.port(), "ABC123", "cli", "王阿姨", fast())
                .get(5, TimeUnit.SECONDS);
        assertThat(redeemed.getMember()).isEqualTo("m77");
        assertThat(redeemed.getToken()).isEqualTo("tok");
        var sent = server.nextRequest(Envelope.BodyCase.REDEEM_INVITE).getRedeemInvite();
        assertThat(sent.getCode()).isEqualTo("ABC123");
        assertThat(sent.getDevice()).isEqualTo("cli");
        assertThat(sent.getName()).isEqualTo("王阿姨");
        assertThat(server.logins).isEmpty();
    }

    @Test
    void connectWhileConnectedKeepsTheOneSession() throws Exception {
        GridcastClient c = client(new InMemoryCursorStore());
        c.connect().get(5, TimeUnit.SECONDS);
        assertThat(c.connect().get(5, TimeUnit.SECONDS).getMember()).isEqualTo("m1");
        assertThat(server.logins).hasSize(1);
        assertThat(server.peers).hasSize(1);
    }

    @Test
    void fileCursorsCarryOverToTheNextProcess(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        server.follow("u:mg1", 0, 0);
        server.appendMany("u:mg1", 3);
        java.nio.file.Path file = dir.resolve("cursors");
        GridcastClient first = client(FileCursorStore.open(file));
        first.connect().get(5, TimeUnit.SECONDS);
        listener.until("synced");
        first.close();

        server.append("u:mg1", "later");
        client(FileCursorStore.open(file)).connect().get(5, TimeUnit.SECONDS);
        assertThat(RecordingListener.notices(listener.until("synced"))).containsExactly("backlog u:mg1#4");
        assertThat(server.logins.get(1).getCursors(0).getDelivered()).isEqualTo(3);
    }

    @Test
    void closeReturnsOnlyAfterTheLastCursorFlush() throws Exception {
        java.util.concurrent.atomic.AtomicInteger flushes = new java.util.concurrent.atomic.AtomicInteger();
        GridcastClient c = client(new InMemoryCursorStore() {
            @Override
            public void flush() {
                try {
                    Thread.sleep(300); // a slow disk
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                flushes.incrementAndGet();
            }
        });
        c.connect().get(5, TimeUnit.SECONDS);
        listener.until("synced");
        int before = flushes.get();

        c.close();

        int atClose = flushes.get();
        assertThat(atClose).isGreaterThan(before); // the close's own flush is done
        Thread.sleep(500);
        assertThat(flushes.get()).isEqualTo(atClose); // and nothing was still running
    }

    /** The value once it stops changing for 100 ms, within 5 s. */
    private static long eventually(java.util.function.LongSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long last = value.getAsLong();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = value.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static Notice notice(String channel, long seq) {
        return Notice.newBuilder().setChannel(channel).setSeq(seq).build();
    }
}
