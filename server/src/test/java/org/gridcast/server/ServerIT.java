package org.gridcast.server;

import org.gridcast.server.redis.RedisKeys;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.LoginOk;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.Ping;
import org.gridcast.server.auth.Secret;
import org.gridcast.server.auth.TokenService;
import org.gridcast.server.net.ConnectionLimits;
import org.gridcast.server.net.Frames;
import org.gridcast.server.testing.TcpClient;
import org.gridcast.server.testing.TestNode;
import org.gridcast.server.testing.TestRedis;
import org.gridcast.server.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One node over real sockets against real Redis. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerIT {
    private static GridcastServer server;
    private static Path secretFile;
    private static TokenService tokens;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        TestRedis.flushAll();
        secretFile = Files.createTempDirectory("gridcast-secret").resolve("secret");
        ConnectionLimits limits = ConnectionLimits.DEFAULTS.withLoginTimeout(Duration.ofSeconds(2))
                .withSlowConsumerTimeout(Duration.ofSeconds(2));
        server = TestNode.start(secretFile, "it1", s -> s.limits(limits), c -> c);
        tokens = server.runtime().tokens();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tcpLoginWithARealToken() throws Exception {
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            Envelope reply = c.login(tokens.issue("alice", "tcp-phone"), "tcp-phone");

            LoginOk ok = reply.getLoginOk();
            assertThat(ok.getMember()).isEqualTo("alice");
            assertThat(ok.getUnit()).isEqualTo("mg1");
            assertThat(ok.getRole()).isEqualTo("RESIDENT");
            assertThat(ok.getName()).isEqualTo("Alice");
            assertThat(ok.getNode()).isEqualTo("it1");
            assertThat(ok.getHeartbeatSeconds()).isEqualTo(30);
            assertThat(c.ping().getPong().getServerTimeMs()).isPositive();
            assertThat(server.runtime().sessions().byDevice("alice", "tcp-phone")).isPresent();
            assertThat(server.runtime().presenceQuery().isOnline("alice").toCompletableFuture().get()).isTrue();
            try (var redis = server.runtime().connector().connectStrings()) {
                assertThat(redis.sync().smembers(RedisKeys.route("mg1"))).contains("it1");
                assertThat(redis.sync().smembers(RedisKeys.route("town"))).contains("it1");
                assertThat(redis.sync().hget(RedisKeys.presence("alice"), "tcp-phone")).isEqualTo("it1");
            }
        }
        awaitGone("alice", "tcp-phone");
        assertThat(server.runtime().presenceQuery().isOnline("alice").toCompletableFuture().get()).isFalse();
    }

    @Test
    void webSocketLoginAndPing() throws Exception {
        try (WsClient ws = new WsClient(server.httpPort())) {
            Envelope reply = ws.call(Envelope.newBuilder().setLogin(Login.newBuilder()
                    .setToken(tokens.issue("carol", "browser")).setDevice("browser")), 1);
            assertThat(reply.getLoginOk().getUnit()).isEqualTo("mg2");

            Envelope pong = ws.call(Envelope.newBuilder().setPing(Ping.getDefaultInstance()), 2);
            assertThat(pong.getRequestId()).isEqualTo(2);
            assertThat(pong.hasPong()).isTrue();

            server.runtime().fanout().deliver(notice("u:grid", 11)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(ws.read().getNoticePush().getNotice().getSeq()).isEqualTo(11);
        }
    }

    @Test
    void webSocketTextFrameCloses() throws Exception {
        try (WsClient ws = new WsClient(server.httpPort())) {
            ws.sendText("hello");
            assertThat(ws.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void webSocketMessageInFragmentsWithAPingBetweenThem() throws Exception {
        try (WsClient ws = new WsClient(server.httpPort())) {
            byte[] login = Envelope.newBuilder().setVersion(1).setRequestId(1).setLogin(Login.newBuilder()
                    .setToken(tokens.issue("carol", "tablet")).setDevice("tablet")).build().toByteArray();
            ws.sendFragment(Arrays.copyOfRange(login, 0, 10), false);
            ws.sendPing(new byte[] {1, 2, 3});
            ws.sendFragment(Arrays.copyOfRange(login, 10, 20), false);
            ws.sendFragment(Arrays.copyOfRange(login, 20, login.length), true);

            assertThat(ws.pong()).containsExactly(1, 2, 3);
            Envelope reply = ws.read();
            assertThat(reply.getRequestId()).isEqualTo(1);
            assertThat(reply.getLoginOk().getMember()).isEqualTo("carol");
        }
    }

    @Test
    void webSocketCloseIsEchoed() throws Exception {
        try (WsClient ws = new WsClient(server.httpPort())) {
            ws.sendClose(4000, "bye");
            assertThat(ws.closeStatus(Duration.ofSeconds(10))).isEqualTo(4000);
        }
    }

    @Test
    void webSocketMessageOverTheLimitIsClosedWith1009() throws Exception {
        try (WsClient ws = new WsClient(server.httpPort())) {
            ws.sendFragments(new byte[40_000], new byte[Frames.MAX_FRAME_BYTES - 40_000], new byte[1]);
            assertThat(ws.closeStatus(Duration.ofSeconds(10))).isEqualTo(1009);
        }
    }

    /** Over a plain socket, as no WebSocket client sends an unmasked frame: RFC 6455's handshake, then bytes. */
    @Test
    void webSocketUnmaskedFrameIsClosedWith1002() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder response = new StringBuilder();
            while (!response.toString().endsWith("\r\n\r\n")) {
                response.append((char) in.readUnsignedByte());
            }
            assertThat(response.toString()).startsWith("HTTP/1.1 101 ")
                    .contains("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

            out.write(new byte[] {(byte) 0x89, (byte) 0x82, 0, 0, 0, 0, 7, 8}); // masked ping, a zero mask
            assertThat(in.readNBytes(4)).containsExactly(0x8A, 2, 7, 8);
            out.write(new byte[] {(byte) 0x82, 1, 9}); // unmasked binary

            byte[] reason = "client frames must be masked".getBytes(StandardCharsets.US_ASCII);
            assertThat(in.readNBytes(4)).containsExactly(0x88, 2 + reason.length, 0x03, 0xEA);
            assertThat(in.readNBytes(reason.length)).isEqualTo(reason);
            assertThat(in.read()).as("closed after the close frame").isEqualTo(-1);
        }
    }

    @Test
    void forgedExpiredOtherDeviceAndUnknownTokensAreUnauthenticated() throws Exception {
        String good = tokens.issue("alice", "d1");
        String forged = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");
        TokenService past = new TokenService(Secret.loadOrCreate(secretFile),
                Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
        String expired = past.issue("alice", "d1", Duration.ofDays(1));
        String stranger = tokens.issue("mallory", "d1");

        for (String[] attempt : new String[][] {{forged, "d1"}, {expired, "d1"}, {good, "d2"}, {stranger, "d1"}}) {
            try (TcpClient c = new TcpClient(server.tcpPort())) {
                Envelope reply = c.login(attempt[0], attempt[1]);
                assertThat(reply.getError().getCode()).as(attempt[1]).isEqualTo(ErrorCode.UNAUTHENTICATED);
            }
        }
    }

    @Test
    void revokedMembersLiveSessionIsClosedAndItsTokensRefused() throws Exception {
        String token = tokens.issue("bob", "rev-phone");
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            assertThat(c.login(token, "rev-phone").hasLoginOk()).isTrue();

            server.runtime().revocations().revokeMember("bob").toCompletableFuture().get();

            Envelope last = c.readUntilClosed(Duration.ofSeconds(5));
            assertThat(last.getKicked().getReason()).isEqualTo(ErrorCode.REVOKED);
        }
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            assertThat(c.login(token, "rev-phone").getError().getCode()).isEqualTo(ErrorCode.REVOKED);
        }
        Thread.sleep(5);
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            assertThat(c.login(tokens.issue("bob", "rev-phone"), "rev-phone").hasLoginOk()).isTrue();
        }
    }

    @Test
    void newerLoginOnTheSameDeviceReplacesTheOlder() throws Exception {
        String token = tokens.issue("alice", "same");
        try (TcpClient first = new TcpClient(server.tcpPort()); TcpClient second = new TcpClient(server.tcpPort())) {
            assertThat(first.login(token, "same").hasLoginOk()).isTrue();
            assertThat(second.login(token, "same").hasLoginOk()).isTrue();

            assertThat(first.readUntilClosed(Duration.ofSeconds(5)).getKicked().getReason()).isEqualTo(ErrorCode.REPLACED);
            assertThat(second.ping().hasPong()).isTrue();
            assertThat(server.runtime().sessions().byMember("alice")).hasSize(1);
        }
    }

    @Test
    void oversizedLengthPrefixCloses() throws Exception {
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            c.sendRaw(new byte[] {0x00, 0x01, 0x00, 0x01, 1, 2, 3});   // 65,537 bytes announced
            Envelope last = c.readUntilClosed(Duration.ofSeconds(5));
            assertThat(last.getError().getCode()).isEqualTo(ErrorCode.PROTOCOL_VIOLATION);
        }
    }

    @Test
    void garbageGetsProtocolViolationThenClose() throws Exception {
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            c.sendRaw(new byte[] {0, 0, 0, 8, -1, -1, -1, -1, -1, -1, -1, -1});
            Envelope last = c.readUntilClosed(Duration.ofSeconds(5));
            assertThat(last.getError().getCode()).isEqualTo(ErrorCode.PROTOCOL_VIOLATION);
        }
    }

    @Test
    void unsupportedVersionCloses() throws Exception {
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            c.send(Envelope.newBuilder().setVersion(2).setRequestId(1).setPing(Ping.getDefaultInstance()).build());
            Envelope last = c.readUntilClosed(Duration.ofSeconds(5));
            assertThat(last.getError().getCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        }
    }

    @Test
    void unauthenticatedSpamIsClosedOnTheThirdRequest() throws Exception {
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            for (int i = 0; i < 3; i++) {
                c.request(Envelope.newBuilder().setPing(Ping.getDefaultInstance()));
            }
            List<ErrorCode> codes = new ArrayList<>();
            codes.add(c.read().getError().getCode());
            codes.add(c.read().getError().getCode());
            Envelope last = c.readUntilClosed(Duration.ofSeconds(5));
            codes.add(last.getError().getCode());
            assertThat(codes).containsExactly(ErrorCode.UNAUTHENTICATED, ErrorCode.UNAUTHENTICATED, ErrorCode.UNAUTHENTICATED);
        }
    }

    @Test
    void connectionWithoutLoginIsClosedAfterTheLoginTimeout() throws Exception {
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            Envelope last = c.readUntilClosed(Duration.ofSeconds(8));
            assertThat(last.getError().getCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
    }

    @Test
    void requestsOverTheRateGetRateLimited() throws Exception {
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            assertThat(c.login(tokens.issue("carol", "rate"), "rate").hasLoginOk()).isTrue();
            int sent = 150;
            for (int i = 0; i < sent; i++) {
                c.request(Envelope.newBuilder().setPing(Ping.getDefaultInstance()));
            }
            int pongs = 0;
            int limited = 0;
            for (int i = 0; i < sent; i++) {
                Envelope e = c.read();
                if (e.hasPong()) {
                    pongs++;
                } else if (e.getError().getCode() == ErrorCode.RATE_LIMITED) {
                    limited++;
                }
            }
            assertThat(pongs + limited).isEqualTo(sent);
            assertThat(pongs).isGreaterThanOrEqualTo(ConnectionLimits.DEFAULT_BURST);
            assertThat(limited).isPositive();
        }
    }

    @Test
    void slowReaderIsBoundedThenClosedAndTheServerStaysHealthy() throws Exception {
        TcpClient slow = new TcpClient(server.tcpPort());
        slow.socket().setReceiveBufferSize(4096);
        assertThat(slow.login(tokens.issue("worker", "slow"), "slow").hasLoginOk()).isTrue();
        Notice big = notice("u:grid", 1).toBuilder()
                .setBody(NoticeBody.newBuilder().setText("x".repeat(4000))).build();
        // Never read: far more than the socket buffers and the 256 KiB high-water mark.
        for (int i = 0; i < 2000 && server.runtime().sessions().byDevice("worker", "slow").isPresent(); i++) {
            server.runtime().fanout().deliver(big.toBuilder().setSeq(i + 1).build());
            if (i % 100 == 0) {
                Thread.sleep(10);
            }
        }
        awaitGone("worker", "slow");
        assertThat(server.runtime().metrics().registry().get("gridcast.pushes.skipped").counter().count()).isPositive();
        try (TcpClient other = new TcpClient(server.tcpPort())) {
            assertThat(other.login(tokens.issue("alice", "healthy"), "healthy").hasLoginOk()).isTrue();
            assertThat(other.ping().hasPong()).isTrue();
        }
        slow.close();
    }

    @Test
    void httpServesHealthAndReadinessAndTheAdminPortServesPrometheusMetrics() throws Exception {
        try (TcpClient c = new TcpClient(server.tcpPort())) {
            c.login(tokens.issue("alice", "metrics"), "metrics");

            for (int port : new int[] {server.httpPort(), server.adminPort()}) {
                assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
                assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
                assertThat(get(port, "/nope").statusCode()).isEqualTo(404);
            }
            assertThat(get(server.httpPort(), "/metrics").statusCode()).as("metrics on the public port").isEqualTo(404);
            assertThat(get(server.adminPort(), "/ws").statusCode()).as("no WebSocket on the admin port").isEqualTo(404);
            HttpResponse<String> metrics = get(server.adminPort(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("gridcast_connections ")
                    .contains("gridcast_sessions ")
                    .contains("gridcast_logins_total{result=\"ok\"}")
                    .contains("gridcast_errors_total{code=\"RATE_LIMITED\"}")
                    .contains("gridcast_notices_posted_total")
                    .contains("gridcast_delivery_latency_seconds_bucket")
                    .contains("gridcast_http_pending_bytes ")
                    .contains("\njvm_memory_used_bytes{")
                    .contains("\nprocess_cpu_time_ns_total ")
                    .contains("\nnetty_allocator_memory_used{")
                    .doesNotContain("gridcast_jvm_")
                    .doesNotContain("lettuce_command");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Notice notice(String channel, long seq) {
        return Notice.newBuilder().setChannel(channel).setSeq(seq).setSender("worker")
                .setPostedAtMs(System.currentTimeMillis()).build();
    }

    private static void awaitGone(String member, String device) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (server.runtime().sessions().byDevice(member, device).isPresent()) {
            assertThat(System.nanoTime()).as("session closed in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
