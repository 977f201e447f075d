package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.server.it.Town.COMMUNITY_STAFF;
import static org.gridcast.server.it.Town.G1_WORKER;
import static org.gridcast.server.it.Town.G2M1;
import static org.gridcast.server.it.Town.M1;
import static org.gridcast.server.it.Town.SEEDS;
import static org.gridcast.server.it.Town.resident;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.GetEvent;
import org.gridcast.protocol.ReportEvent;
import org.gridcast.server.http.HttpConnections;
import org.gridcast.server.media.MediaLedger;
import org.gridcast.server.media.MediaLimits;
import org.gridcast.server.media.MediaMetrics;
import org.gridcast.server.net.ConnectionLimits;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.RawHttp;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9: photos over HTTP. {@code POST /media} with a bearer token stores the bytes by their
 * SHA-256 under the media directory; {@code GET /media/<id>} gives them to the uploader and to
 * whoever may see an event listing them, and to nobody else. Every limit is driven past its
 * bound over a real socket to a real node.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MediaIT {
    static final String ALICE = resident(M1, 1);
    static final String BOB = resident(M1, 2);
    /** A resident in another grid: sees nothing of m1's events. */
    static final String FAR = resident(G2M1, 1);

    private ItServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(MediaLimits limits) throws IOException {
        server = ItServer.start(SEEDS, c -> c.mediaLimits(limits));
    }

    private int port() {
        return server.server().httpPort();
    }

    private String bearer(String member) {
        return "Authorization: Bearer " + server.token(member, "") + "\r\n";
    }

    /** A JPEG as far as its signature goes, then {@code size - 4} bytes of noise. */
    static byte[] jpeg(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        b[3] = (byte) 0xE0;
        return b;
    }

    static byte[] png(int size) {
        byte[] b = new byte[size];
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
        System.arraycopy(sig, 0, b, 0, sig.length);
        return b;
    }

    static byte[] webp(int size) {
        byte[] b = new byte[size];
        byte[] sig = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private RawHttp.Response upload(String member, String type, byte[] body) throws IOException {
        return RawHttp.exchange(port(), "POST /media HTTP/1.1\r\nHost: a\r\n" + (member == null ? "" : bearer(member))
                + (type == null ? "" : "Content-Type: " + type + "\r\n") + "Content-Length: " + body.length + "\r\n", body);
    }

    private RawHttp.Response get(String member, String id) throws IOException {
        return RawHttp.exchange(port(), "GET /media/" + id + " HTTP/1.1\r\nHost: a\r\n" + (member == null ? "" : bearer(member)));
    }

    private static Envelope.Builder report(String text, List<String> attachments) {
        return Envelope.newBuilder().setEventCall(EventCall.newBuilder().setReport(ReportEvent.newBuilder()
                .setCategory("市政设施/路灯损坏").setText(text).addAllAttachments(attachments)));
    }

    private static Envelope.Builder getEvent(String id) {
        return Envelope.newBuilder().setEventCall(EventCall.newBuilder().setGet(GetEvent.newBuilder().setId(id)));
    }

    @Test
    void aTenMegabytePhotoIsStoredByItsHashAndComesBackByteForByteToItsUploader() throws Exception {
        start(MediaLimits.DEFAULTS);
        byte[] photo = jpeg((int) MediaLimits.DEFAULT_MAX_BYTES, 1);
        String id = sha256(photo);

        RawHttp.Response created = upload(ALICE, "image/jpeg", photo);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).isEqualTo("{\"id\":\"" + id + "\",\"url\":\"/media/" + id + "\"}");
        assertThat(created.header("Content-Type")).isEqualTo("application/json; charset=utf-8");

        Path media = server.server().runtime().config().mediaDir();
        Path stored = media.resolve(id.substring(0, 2)).resolve(id);
        assertThat(Files.readAllBytes(stored)).isEqualTo(photo);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(media))).isEqualTo("rwx------");
        try (Stream<Path> tmp = Files.list(media.resolve("tmp"))) {
            assertThat(tmp).as("nothing left in tmp").isEmpty();
        }
        try (RedisConnector c = new RedisConnector(TestRedis.uri()); var redis = c.connectStrings()) {
            assertThat(redis.sync().hgetall("media:{" + id + "}")).containsEntry("type", "JPEG")
                    .containsEntry("size", Long.toString(photo.length));
            assertThat(redis.sync().smembers("media:{" + id + "}:by")).containsExactly(ALICE);
        }

        RawHttp.Response back = get(ALICE, id);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(photo);
        assertThat(back.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(back.header("Cache-Control")).isEqualTo("private, no-store");
        assertThat(back.header("Content-Security-Policy")).startsWith("default-src 'self';");

        RawHttp.Response head = RawHttp.exchange(port(), "HEAD /media/" + id + " HTTP/1.1\r\nHost: a\r\n" + bearer(ALICE));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(photo.length));
        assertThat(head.body()).isEmpty();

        RawHttp.Response again = upload(ALICE, null, photo);
        assertThat(again.status()).as("the same bytes again: stored once, same id").isEqualTo(201);
        assertThat(again.text()).contains(id);

        byte[] p = png(5_000);
        assertThat(upload(ALICE, "image/png", p).text()).contains(sha256(p));
        assertThat(get(ALICE, sha256(p)).header("Content-Type")).isEqualTo("image/png");
        byte[] w = webp(5_000);
        assertThat(upload(ALICE, "image/webp", w).status()).isEqualTo(201);
        assertThat(get(ALICE, sha256(w)).body()).isEqualTo(w);

        MeterRegistry registry = server.server().runtime().metrics().registry();
        assertThat(registry.get(MediaMetrics.UPLOADS).tag("result", "created").counter().count()).isEqualTo(3);
        assertThat(registry.get(MediaMetrics.UPLOADS).tag("result", "duplicate").counter().count()).isEqualTo(1);
        assertThat(registry.get(MediaMetrics.UPLOAD_BYTES).counter().count())
                .isEqualTo(2.0 * photo.length + p.length + w.length);
        assertThat(registry.get(MediaMetrics.DISK_USED).gauge().value()).isEqualTo((double) photo.length + p.length + w.length);
    }

    @Test
    void aPhotoSentToAReaderThatDoesNotReadHoldsAboutOneChunkInTheNode() throws Exception {
        start(MediaLimits.DEFAULTS);
        byte[] photo = jpeg(4 * 1024 * 1024, 19);
        String id = sha256(photo);
        assertThat(upload(ALICE, "image/jpeg", photo).status()).isEqualTo(201);
        MeterRegistry registry = server.server().runtime().metrics().registry();
        // the write-buffer high water mark, one 64 KiB chunk over it, and the headers
        long bound = ConnectionLimits.DEFAULT_WRITE_HIGH_WATER_MARK + 64 * 1024 + 1024;
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
            s.getOutputStream().write(("GET /media/" + id + " HTTP/1.1\r\nHost: a\r\n" + bearer(ALICE)
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            long max = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                max = Math.max(max, (long) registry.get(HttpConnections.PENDING_BYTES).gauge().value());
                Thread.sleep(5);
            }
            assertThat(max).as("bytes the node holds for the reader").isPositive().isLessThanOrEqualTo(bound);
            s.setSoTimeout(30_000);
            RawHttp.Response r = RawHttp.parse(RawHttp.readAll(s.getInputStream()));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(photo);
        }
    }

    @Test
    void othersSeeAPhotoOnlyThroughAnEventTheyMaySee() throws Exception {
        start(MediaLimits.DEFAULTS);
        byte[] photo = jpeg(30_000, 2);
        String id = sha256(photo);
        assertThat(upload(ALICE, "image/jpeg", photo).status()).isEqualTo(201);

        RawHttp.Response refused = get(BOB, id);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).startsWith("{\"error\":\"FORBIDDEN\",\"message\":");
        assertThat(get(G1_WORKER, id).status()).as("staff see it only through an event").isEqualTo(403);

        try (Wire alice = server.raw(ALICE, "phone"); Wire bob = server.raw(BOB, "phone");
             Wire worker = server.raw(G1_WORKER, "desk")) {
            String event = alice.ok(report("路灯不亮", List.of("/media/" + id, "https://example.cn/a.jpg")))
                    .getEventResult().getEvent().getId();
            assertThat(worker.ok(getEvent(event)).getEventResult().getDetail().getAttachmentsList())
                    .containsExactly("/media/" + id, "https://example.cn/a.jpg");
            assertThat(bob.error(getEvent(event))).isEqualTo(ErrorCode.FORBIDDEN);
        }
        RawHttp.Response viewer = get(G1_WORKER, id);
        assertThat(viewer.status()).isEqualTo(200);
        assertThat(viewer.body()).isEqualTo(photo);
        assertThat(get(COMMUNITY_STAFF, id).body()).isEqualTo(photo);
        assertThat(get(BOB, id).status()).as("a neighbour may not see the event, so not its photo").isEqualTo(403);
        assertThat(get(FAR, id).status()).isEqualTo(403);

        assertThat(get(ALICE, "0".repeat(64)).status()).isEqualTo(404);
        assertThat(get(ALICE, "../../secret").status()).isEqualTo(400);
        assertThat(get(ALICE, id.toUpperCase()).status()).isEqualTo(400);
        RawHttp.Response post = RawHttp.exchange(port(), "DELETE /media/" + id + " HTTP/1.1\r\nHost: a\r\n" + bearer(ALICE));
        assertThat(post.status()).isEqualTo(405);
        assertThat(RawHttp.exchange(port(), "GET /media HTTP/1.1\r\nHost: a\r\n").status()).isEqualTo(405);
    }

    @Test
    void aReportMayAttachOnlyItsReportersOwnUploads() throws Exception {
        start(MediaLimits.DEFAULTS);
        byte[] photo = jpeg(20_000, 3);
        String id = sha256(photo);
        assertThat(upload(ALICE, "image/jpeg", photo).status()).isEqualTo(201);
        try (Wire bob = server.raw(BOB, "phone"); Wire alice = server.raw(ALICE, "phone")) {
            assertThat(bob.error(report("借用别人的照片", List.of("/media/" + id)))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(bob.error(report("不存在的照片", List.of("/media/" + "1".repeat(64))))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(bob.error(report("坏的地址", List.of("/media/../secret")))).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(bob.error(report("相对地址", List.of("/other/x.jpg")))).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(bob.ok(report("外部链接照旧", List.of("https://example.cn/b.jpg"))).hasEventResult()).isTrue();
        }
        assertThat(get(BOB, id).status()).as("a refused report linked nothing").isEqualTo(403);
    }

    @Test
    void withoutAValidTokenNothingIsStoredOrShown() throws Exception {
        start(MediaLimits.DEFAULTS);
        byte[] photo = jpeg(10_000, 4);
        String id = sha256(photo);
        RawHttp.Response none = upload(null, "image/jpeg", photo);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.text()).startsWith("{\"error\":\"UNAUTHENTICATED\",");
        assertThat(RawHttp.exchange(port(), "POST /media HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer v1.forged.sig\r\n"
                + "Content-Length: 10000\r\n", photo).status()).isEqualTo(401);
        assertThat(RawHttp.exchange(port(), "POST /media HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
                + server.token("nobody-here", "") + "\r\nContent-Length: 10000\r\n", photo).status()).isEqualTo(401);
        Path media = server.server().runtime().config().mediaDir();
        assertThat(Files.exists(media.resolve(id.substring(0, 2)).resolve(id))).isFalse();

        assertThat(upload(ALICE, "image/jpeg", photo).status()).isEqualTo(201);
        assertThat(get(null, id).status()).isEqualTo(401);
        String token = server.token(ALICE, "");
        server.server().runtime().revocations().revokeMember(ALICE).toCompletableFuture().get(10, TimeUnit.SECONDS);
        RawHttp.Response revoked = RawHttp.exchange(port(), "GET /media/" + id + " HTTP/1.1\r\nHost: a\r\n"
                + "Authorization: Bearer " + token + "\r\n");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.text()).startsWith("{\"error\":\"REVOKED\",");
        assertThat(RawHttp.exchange(port(), "POST /media HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + token
                + "\r\nContent-Length: 10000\r\n", photo).status()).isEqualTo(401);
    }

    @Test
    void onlyJpegPngAndWebpBytesAreTaken() throws Exception {
        start(MediaLimits.DEFAULTS);
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = upload(ALICE, "image/jpeg", html);
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.text()).startsWith("{\"error\":\"UNSUPPORTED_TYPE\",");
        assertThat(upload(ALICE, "image/png", jpeg(1_000, 5)).status()).as("declared PNG, bytes JPEG").isEqualTo(415);
        assertThat(upload(ALICE, "text/html", jpeg(1_000, 6)).status()).isEqualTo(415);
        assertThat(upload(ALICE, null, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}).status())
                .as("too short to be an image").isEqualTo(415);
        assertThat(upload(ALICE, "image/jpeg", new byte[0]).status()).isEqualTo(400);
        Path media = server.server().runtime().config().mediaDir();
        try (Stream<Path> all = Files.walk(media)) {
            assertThat(all.filter(Files::isRegularFile)).as("no file kept").isEmpty();
        }
    }

    @Test
    void aPhotoOverTheLimitIsRefusedByItsLengthOrAsItStreams() throws Exception {
        MediaLimits small = new MediaLimits(100_000, 100, Duration.ofMinutes(10), 4, 10_000_000, Duration.ofSeconds(30));
        start(small);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /media HTTP/1.1\r\nHost: a\r\n" + bearer(ALICE)
                    + "Content-Length: 100001\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Response r = RawHttp.parse(RawHttp.readAll(s.getInputStream()));
            assertThat(r.status()).as("refused before any body byte was sent").isEqualTo(413);
            assertThat(r.header("Connection")).isEqualTo("close");
        }
        assertThat(upload(ALICE, "image/jpeg", jpeg(100_000, 7)).status()).as("exactly the limit").isEqualTo(201);

        byte[] big = jpeg(150_000, 8);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /media HTTP/1.1\r\nHost: a\r\n" + bearer(ALICE)
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try {
                for (int off = 0; off < big.length; off += 10_000) {
                    out.write((Integer.toHexString(10_000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(big, off, 10_000);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException closedByServer) {
                // expected once the server has refused and closed
            }
            RawHttp.Response r = RawHttp.parse(RawHttp.readAll(s.getInputStream()));
            assertThat(r.status()).as("refused once the streamed bytes pass the limit").isEqualTo(413);
        }
        Path media = server.server().runtime().config().mediaDir();
        try (Stream<Path> tmp = Files.list(media.resolve("tmp"))) {
            assertThat(tmp).as("the refused upload's part file is gone").isEmpty();
        }
    }

    @Test
    void aMemberMayStartOnlySoManyUploadsPerWindow() throws Exception {
        start(new MediaLimits(100_000, 3, Duration.ofMinutes(10), 4, 10_000_000, Duration.ofSeconds(30)));
        for (int i = 0; i < 3; i++) {
            assertThat(upload(ALICE, "image/jpeg", jpeg(2_000, 100 + i)).status()).isEqualTo(201);
        }
        RawHttp.Response r = upload(ALICE, "image/jpeg", jpeg(2_000, 200));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.text()).startsWith("{\"error\":\"RATE_LIMITED\",");
        assertThat(upload(BOB, "image/jpeg", jpeg(2_000, 201)).status()).as("another member's own rate").isEqualTo(201);
    }

    @Test
    void aNodeStreamsOnlySoManyUploadsAtOnce() throws Exception {
        start(new MediaLimits(100_000, 100, Duration.ofMinutes(10), 1, 10_000_000, Duration.ofSeconds(30)));
        byte[] first = jpeg(50_000, 9);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /media HTTP/1.1\r\nHost: a\r\n" + bearer(ALICE) + "Content-Length: " + first.length
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(first, 0, 1_000);
            out.flush();
            MeterRegistry registry = server.server().runtime().metrics().registry();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.get(MediaMetrics.ACTIVE).gauge().value() < 1 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(registry.get(MediaMetrics.ACTIVE).gauge().value()).isEqualTo(1);

            RawHttp.Response busy = upload(BOB, "image/jpeg", jpeg(2_000, 10));
            assertThat(busy.status()).isEqualTo(429);
            assertThat(busy.text()).startsWith("{\"error\":\"BUSY\",");

            out.write(first, 1_000, first.length - 1_000);
            out.flush();
            RawHttp.Response done = RawHttp.parse(RawHttp.readAll(s.getInputStream()));
            assertThat(done.status()).isEqualTo(201);
            assertThat(done.text()).contains(sha256(first));
        }
        assertThat(upload(BOB, "image/jpeg", jpeg(2_000, 11)).status()).as("the slot is free again").isEqualTo(201);
    }

    @Test
    void anUploadThatStallsIsClosedAtItsDeadlineAndLeavesNothingBehind() throws Exception {
        start(new MediaLimits(100_000, 100, Duration.ofMinutes(10), 4, 10_000_000, Duration.ofSeconds(2)));
        MeterRegistry registry = server.server().runtime().metrics().registry();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /media HTTP/1.1\r\nHost: a\r\n" + bearer(ALICE) + "Content-Length: 50000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(jpeg(1_000, 16));
            out.flush();
            long started = System.nanoTime();
            InputStream in = s.getInputStream();
            assertThat(in.read()).as("closed without an answer").isEqualTo(-1);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(waited).isBetween(1_000L, 10_000L);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (registry.get(MediaMetrics.ACTIVE).gauge().value() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(registry.get(MediaMetrics.ACTIVE).gauge().value()).isZero();
        assertThat(registry.get(MediaMetrics.DISK_USED).gauge().value()).as("the reservation is given back").isZero();
        try (Stream<Path> tmp = Files.list(server.server().runtime().config().mediaDir().resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void anUploadPipelinedBehindAnotherRequestClosesTheConnection() throws Exception {
        start(MediaLimits.DEFAULTS);
        byte[] big = jpeg(8 * 1024 * 1024, 20);
        assertThat(upload(ALICE, "image/jpeg", big).status()).isEqualTo(201);
        byte[] photo = jpeg(5_000, 17);
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            // the photo's answer cannot be written while nothing is read: the upload comes behind it
            out.write(("GET /media/" + sha256(big) + " HTTP/1.1\r\nHost: a\r\n" + bearer(ALICE) + "\r\n"
                    + "POST /media HTTP/1.1\r\nHost: a\r\n" + bearer(ALICE) + "Content-Length: " + photo.length
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(photo);
            out.flush();
            byte[] got = RawHttp.readAll(s.getInputStream());
            assertThat(got.length).as("closed before the photo's answer was complete").isLessThan(big.length);
            assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1 201");
        }
        assertThat(get(ALICE, sha256(photo)).status()).as("nothing stored").isEqualTo(404);
    }

    @Test
    void onePhotoGoesOnAtMostSixteenEvents() throws Exception {
        start(MediaLimits.DEFAULTS);
        byte[] photo = jpeg(3_000, 18);
        String url = "/media/" + sha256(photo);
        assertThat(upload(ALICE, "image/jpeg", photo).status()).isEqualTo(201);
        try (Wire alice = server.raw(ALICE, "phone")) {
            for (int i = 0; i < MediaLedger.MAX_EVENTS_PER_PHOTO; i++) {
                assertThat(alice.ok(report("第" + i + "次", List.of(url))).hasEventResult()).isTrue();
            }
            assertThat(alice.error(report("再一次", List.of(url)))).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void theNodesDiskBudgetHoldsStoredPhotosAndUploadsInProgress() throws Exception {
        start(new MediaLimits(100_000, 100, Duration.ofMinutes(10), 4, 250_000, Duration.ofSeconds(30)));
        assertThat(upload(ALICE, "image/jpeg", jpeg(90_000, 12)).status()).isEqualTo(201);
        assertThat(upload(ALICE, "image/jpeg", jpeg(90_000, 13)).status()).isEqualTo(201);
        RawHttp.Response full = upload(ALICE, "image/jpeg", jpeg(90_000, 14));
        assertThat(full.status()).isEqualTo(507);
        assertThat(full.text()).startsWith("{\"error\":\"DISK_FULL\",");
        assertThat(upload(ALICE, "image/jpeg", jpeg(60_000, 15)).status()).as("what still fits").isEqualTo(201);
        MeterRegistry registry = server.server().runtime().metrics().registry();
        assertThat(registry.get(MediaMetrics.DISK_USED).gauge().value()).isEqualTo(240_000.0);
    }
}
