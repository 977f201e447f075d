package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.GridcastClientException;
import org.gridcast.client.cli.Cli;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.testing.TestCertificate;
import org.gridcast.server.testing.TestNode;
import org.gridcast.server.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node started with {@code --tls-cert/--tls-key} (a self-signed certificate for 127.0.0.1 made
 * at test time): TLS clients log in and get notices, WSS and HTTPS work on the HTTP port, and
 * nothing reaches a client that does not speak TLS or does not trust the certificate.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsIT {
    /** synthetic:200: one community, one grid, micro-grids m1 and m2. */
    private static final String SEEDS = "synthetic:200";
    private static final String RESIDENT = "t1-c1-g1-m1-r1";
    private static final String STAFF = "t1-c1-s1";
    private static final String MICROGRID = "t1-c1-g1-m1";

    private static Path dir;
    private static TestCertificate cert;
    private static ItServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("gridcast-tls");
        cert = TestCertificate.loopback(dir.resolve("loopback"));
        server = ItServer.start(SEEDS, c -> c.tls(cert.cert(), cert.key()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ClientOptions trusting() {
        return ClientOptions.builder().tls(true).tlsCaFile(cert.cert()).build();
    }

    @Test
    void tlsClientGetsTheNoticeATlsStaffClientPosted() throws Exception {
        try (ItServer.Connected resident = server.client(RESIDENT, "phone", trusting());
             ItServer.Connected staff = server.client(STAFF, "desk", trusting())) {
            resident.recorder().awaitSynced(1);
            NoticePosted posted = staff.client().postToUnit(MICROGRID,
                    NoticeBody.newBuilder().setTitle("停水通知").setText("明早8点至12点停水。").build(), "tls-1")
                    .get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);

            Recorder.Received got = resident.recorder().awaitNotices(1).get(0);
            assertThat(got.notice().getChannel()).isEqualTo("u:" + MICROGRID).isEqualTo(posted.getChannel());
            assertThat(got.notice().getSeq()).isEqualTo(posted.getSeq());
            assertThat(got.notice().getBody().getTitle()).isEqualTo("停水通知");
            assertThat(got.backlog()).isFalse();
        }
    }

    @Test
    void plaintextClientOnTheTlsPortIsClosedWithoutALoginOk() throws Exception {
        byte[] login = Envelope.newBuilder().setVersion(1).setRequestId(1)
                .setLogin(Login.newBuilder().setToken(server.token(RESIDENT, "phone")).setDevice("phone"))
                .build().toByteArray();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(ByteBuffer.allocate(4 + login.length).putInt(login.length).put(login).array());
            socket.getOutputStream().flush();

            // not a TLS record: the server closes without sending a byte, so no frame, no LoginOk
            assertThat(readUntilClosed(socket.getInputStream())).isEmpty();
        }
        assertThat(server.server().runtime().sessions().size()).isZero();
    }

    @Test
    void clientThatDoesNotTrustTheCertificateFailsTheHandshake() {
        // the platform's CAs: a self-signed certificate is not among them
        ClientOptions platformTrust = ClientOptions.builder().tls(true).build();

        assertThatThrownBy(() -> connect(platformTrust))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(GridcastClientException.class)
                .hasMessageContaining("TLS handshake with 127.0.0.1:" + server.port() + " failed")
                .extracting(e -> ((GridcastClientException) e).code()).isEqualTo(GridcastClientException.TLS_FAILED);
        assertThat(server.server().runtime().sessions().size()).isZero();
    }

    @Test
    void certificateForAnotherNameIsRefusedEvenWhenTrusted() throws Exception {
        // trusted (it is the CA file) but issued for another host: hostname verification refuses it
        TestCertificate other = TestCertificate.create(dir.resolve("other"), "dns:gridcast.invalid");
        // a second node on the same Redis must not flush it under the first: TestNode's tiny directory
        try (GridcastServer elsewhere = TestNode.start(dir.resolve("secret"), "tls-other", s -> s,
                c -> c.tls(other.cert(), other.key()))) {
            ClientOptions options = ClientOptions.builder().tls(true).tlsCaFile(other.cert()).build();
            GridcastClient client = GridcastClient.builder().server("127.0.0.1", elsewhere.tcpPort())
                    .token(elsewhere.runtime().tokens().issue("alice", "phone")).device("phone").options(options).build();
            try {
                assertThatThrownBy(() -> client.connect().get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS))
                        .cause().isInstanceOf(GridcastClientException.class)
                        .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1")
                        .extracting(e -> ((GridcastClientException) e).code()).isEqualTo(GridcastClientException.TLS_FAILED);
                assertThat(elsewhere.runtime().sessions().size()).isZero();
            } finally {
                client.close();
            }
        }
    }

    @Test
    void wssClientLogsInAndHttpsServesHealth() throws Exception {
        try (WsClient ws = new WsClient(server.server().httpPort(), cert.trustingContext())) {
            Envelope reply = ws.call(Envelope.newBuilder().setLogin(Login.newBuilder()
                    .setToken(server.token(RESIDENT, "browser")).setDevice("browser")), 1);
            assertThat(reply.hasLoginOk()).as("reply %s", reply).isTrue();
            assertThat(reply.getLoginOk().getMember()).isEqualTo(RESIDENT);
        }
        HttpClient https = HttpClient.newBuilder().sslContext(cert.trustingContext()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + server.server().httpPort() + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoResponse() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.server().httpPort() + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(java.net.http.HttpTimeoutException.class);
    }

    @Test
    void stalledHandshakeIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(15_000);
            // a TLS record header announcing a ClientHello that never comes
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xc8});
            socket.getOutputStream().flush();
            long start = System.nanoTime();
            assertThat(readUntilClosed(socket.getInputStream())).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isBetween(9L, 14L);
        }
    }

    @Test
    void cliTalksTlsWithTlsCaAndFailsWithoutIt() throws Exception {
        String[] base = {"--server", "127.0.0.1:" + server.port(), "--token", server.token(STAFF, "cli")};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int ok = cli(out, err, base, "--tls-ca", cert.cert().toString(), "stats", "--unit", MICROGRID);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(ok).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{");

        out.reset();
        int untrusted = cli(out, err, base, "--tls", "stats", "--unit", MICROGRID);
        assertThat(untrusted).isEqualTo(Cli.EXIT_FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("{\"error\":\"TLS_FAILED\"");

        err.reset();
        int plaintext = cli(out, err, base, "stats", "--unit", MICROGRID);
        assertThat(plaintext).isEqualTo(Cli.EXIT_FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("{\"error\":\"CONNECTION_CLOSED\"");
    }

    private static int cli(ByteArrayOutputStream out, ByteArrayOutputStream err, String[] base, String... rest) {
        String[] argv = new String[base.length + rest.length];
        System.arraycopy(base, 0, argv, 0, base.length);
        System.arraycopy(rest, 0, argv, base.length, rest.length);
        ClientOptions quick = ClientOptions.builder().requestTimeout(Duration.ofSeconds(5)).build();
        return new Cli(Cli.loadCommands(), quick).run(argv,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static void connect(ClientOptions options) throws Exception {
        GridcastClient client = GridcastClient.builder().server("127.0.0.1", server.port())
                .token(server.token(RESIDENT, "phone")).device("phone").options(options).build();
        try {
            client.connect().get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    /** Every byte the server sends until it closes (a reset counts as closed). */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close; got " + got.size() + " bytes");
        } catch (SocketException reset) {
            // closed with RST
        }
        return got.toByteArray();
    }
}
