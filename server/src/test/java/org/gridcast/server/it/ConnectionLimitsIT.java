package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.M1;
import static org.gridcast.server.it.Town.SEEDS;
import static org.gridcast.server.it.Town.resident;
import static org.gridcast.server.it.Town.unit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.Ping;
import org.gridcast.server.net.ConnectionLimits;
import org.gridcast.server.session.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two per-connection limits whose whole path is only reached past a threshold, on a node with
 * small thresholds so that timing plays no part: a token bucket that does not refill during
 * the test (4 requests, then one per 100 s) and a write high-water mark of 32 KiB.
 * <ul>
 * <li>a peer that keeps sending past the rate gets RATE_LIMITED, and the refusal that reaches
 *     {@code maxRejectedInRow} in a row closes it;</li>
 * <li>a reader that falls behind the high-water mark has pushes skipped, and once it reads
 *     again it is told to sync (SyncHint with its channel states) and stays connected.</li>
 * </ul>
 * And the end of a connection: it leaves {@code gridcast_connections} and its session the
 * registry (the connection guard does both when Netty removes it from the closed pipeline).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionLimitsIT {
    private static final int BURST = 4;
    private static final int MAX_REJECTED_IN_ROW = 5;
    private static final ConnectionLimits LIMITS = new ConnectionLimits(0.01, BURST, MAX_REJECTED_IN_ROW,
            ConnectionLimits.DEFAULT_LOGIN_TIMEOUT, ConnectionLimits.DEFAULT_MAX_UNAUTHENTICATED,
            Duration.ofSeconds(60), 8 * 1024, 32 * 1024);
    private static ItServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ItServer.start(SEEDS, LIMITS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPeerThatKeepsSendingPastTheRateIsRefusedThenClosed() throws Exception {
        try (Socket socket = connect(64 * 1024)) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            write(out, 1, Envelope.newBuilder().setLogin(Login.newBuilder()
                    .setToken(server.token(resident(M1, 1), "rate")).setDevice("rate")));
            assertThat(reply(in, 1).hasLoginOk()).isTrue();   // the login took the first token

            for (long id = 2; id <= BURST; id++) {
                write(out, id, ping());
                assertThat(reply(in, id).hasPong()).isTrue();
            }
            for (long id = BURST + 1; id < BURST + MAX_REJECTED_IN_ROW; id++) {
                write(out, id, ping());
                Envelope refused = reply(in, id);
                assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(refused.getError().getMessage()).isEqualTo("too many requests; retry later");
            }
            long last = BURST + MAX_REJECTED_IN_ROW;
            write(out, last, ping());
            Envelope closing = reply(in, last);
            assertThat(closing.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(closing.getError().getMessage()).isEqualTo("too many requests; closing");
            assertThat(readUntilClosed(in)).as("frames after the closing refusal").isZero();
        }
    }

    @Test
    void aReaderPastTheHighWaterMarkIsToldToSyncOnceItReadsAgain() throws Exception {
        try (Socket socket = connect(4 * 1024)) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            write(out, 1, Envelope.newBuilder().setLogin(Login.newBuilder()
                    .setToken(server.token(resident(M1, 2), "lag")).setDevice("lag")));
            Envelope login = reply(in, 1);
            assertThat(login.hasLoginOk()).isTrue();
            Session session = server.server().runtime().sessions().byDevice(resident(M1, 2), "lag").orElseThrow();

            // not reading: the kernel's buffers fill, then Netty's past 32 KiB, then pushes are skipped
            Notice big = Notice.newBuilder().setChannel(unit(M1)).setSender("t1-c1-s1")
                    .setPostedAtMs(System.currentTimeMillis()).setBody(NoticeBody.newBuilder().setText("x".repeat(4000))).build();
            for (int seq = 1; seq <= 20_000 && !session.isLagging(); seq++) {
                server.server().runtime().fanout().deliver(big.toBuilder().setSeq(seq).build())
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            assertThat(session.isLagging()).as("pushes skipped").isTrue();

            Envelope hint = null;
            while (hint == null) {
                Envelope e = read(in);
                if (e.hasSyncHint()) {
                    hint = e;
                } else {
                    assertThat(e.hasNoticePush()).as("only pushes before the hint").isTrue();
                }
            }
            assertThat(hint.getRequestId()).isZero();
            assertThat(hint.getSyncHint().getChannelsList()).isEqualTo(login.getLoginOk().getChannelsList());
            assertThat(hint.getSyncHint().getUnreadTotal()).isEqualTo(login.getLoginOk().getUnreadTotal());
            assertThat(session.isLagging()).isFalse();

            write(out, 2, ping());
            assertThat(reply(in, 2).hasPong()).isTrue();
            assertThat(server.server().runtime().sessions().byDevice(resident(M1, 2), "lag")).contains(session);
        }
    }

    @Test
    void closedConnectionsLeaveTheGaugeAndTheirSessionsTheRegistry() throws Exception {
        java.util.concurrent.atomic.AtomicInteger gauge = server.server().runtime().metrics().connections();
        int before = settled(gauge);
        Socket[] anonymous = {connect(64 * 1024), connect(64 * 1024), connect(64 * 1024)};
        try (Socket loggedIn = connect(64 * 1024)) {
            DataInputStream in = new DataInputStream(loggedIn.getInputStream());
            DataOutputStream out = new DataOutputStream(loggedIn.getOutputStream());
            write(out, 1, Envelope.newBuilder().setLogin(Login.newBuilder()
                    .setToken(server.token(resident(M1, 3), "gauge")).setDevice("gauge")));
            assertThat(reply(in, 1).hasLoginOk()).isTrue();
            assertThat(settled(gauge)).isEqualTo(before + 4);
            assertThat(server.server().runtime().sessions().byDevice(resident(M1, 3), "gauge")).isPresent();
            for (Socket s : anonymous) {
                s.close();
            }
            assertThat(settled(gauge)).isEqualTo(before + 1);
        }
        assertThat(settled(gauge)).isEqualTo(before);
        assertThat(server.server().runtime().sessions().byDevice(resident(M1, 3), "gauge")).isEmpty();
    }

    /** The gauge once it has not moved for 300 ms (closes reach the node a moment after the client's). */
    private static int settled(java.util.concurrent.atomic.AtomicInteger gauge) throws InterruptedException {
        int seen = gauge.get();
        for (int stable = 0; stable < 6; ) {
            Thread.sleep(50);
            int now = gauge.get();
            stable = now == seen ? stable + 1 : 0;
            seen = now;
        }
        return seen;
    }

    private static Socket connect(int receiveBuffer) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window stays small
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        return socket;
    }

    private static Envelope.Builder ping() {
        return Envelope.newBuilder().setPing(Ping.getDefaultInstance());
    }

    private static void write(DataOutputStream out, long id, Envelope.Builder envelope) throws java.io.IOException {
        byte[] bytes = envelope.setVersion(1).setRequestId(id).build().toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    /** The reply to request {@code id}; pushes before it are skipped. */
    private static Envelope reply(DataInputStream in, long id) throws java.io.IOException {
        while (true) {
            Envelope e = read(in);
            if (e.getRequestId() == id) {
                return e;
            }
            assertThat(e.getRequestId()).as("a reply to another request").isZero();
        }
    }

    private static Envelope read(DataInputStream in) throws java.io.IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return Envelope.parseFrom(bytes);
    }

    /** Frames read until the node closes the connection. */
    private static int readUntilClosed(DataInputStream in) throws java.io.IOException {
        int frames = 0;
        try {
            while (true) {
                read(in);
                frames++;
            }
        } catch (EOFException closed) {
            return frames;
        }
    }
}
