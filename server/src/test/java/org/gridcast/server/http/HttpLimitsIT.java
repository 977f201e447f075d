package org.gridcast.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 item 3: pipelined requests that are never read cost the node one response at a time,
 * not one per request; /metrics is only on the admin port; every request has an absolute
 * deadline and a bounded size.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpLimitsIT {
    /** What a /healthz or 404 answer takes in Netty's outbound buffer, headers included, with room. */
    static final long SMALL_RESPONSE_BOUND = 1024;
    /** One scrape (under 64 KiB, MetricsIT) and its headers. */
    static final long SCRAPE_BOUND = 64 * 1024 + 1024;
    static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    static GridcastServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestNode.start("http1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thousandsOfPipelinedRequestsNeverReadHoldOneSmallResponseThenTheConnectionIsClosed() throws Exception {
        byte[] pair = ("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket s = unreadSocket(server.httpPort())) {
            Thread flood = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < 2_500; i++) {
                        out.write(pair);
                    }
                    out.flush();
                } catch (IOException closedByServer) {
                    // expected: the server closes a connection that pipelines too much
                }
            });
            flood.start();
            long max = maxPendingFor(3_000, SMALL_RESPONSE_BOUND);
            flood.join(10_000);
            assertThat(max).as("bytes buffered for the flooding connection").isLessThanOrEqualTo(SMALL_RESPONSE_BOUND);

            String answers = readUntilClosed(s);
            Matcher m = STATUS.matcher(answers);
            int count = 0;
            while (m.find()) {
                count++;
                assertThat(m.group(1)).isIn("404", "200"); // /metrics is not on the public port
            }
            assertThat(count).as("answers before the close").isBetween(1, 1 + HttpInitializer.MAX_PIPELINED);
        }
        assertThat(status(server.httpPort(), "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo("200");
    }

    @Test
    void pipelinedScrapesOnTheAdminPortAreAnsweredOneAtATimeInOrder() throws Exception {
        int requests = 1 + HttpInitializer.MAX_PIPELINED;
        try (Socket s = unreadSocket(server.adminPort())) {
            OutputStream out = s.getOutputStream();
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < requests; i++) {
                burst.append(i % 2 == 0 ? "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n" : "GET /readyz HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            out.write(burst.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long max = maxPendingFor(2_000, SCRAPE_BOUND);
            assertThat(max).as("bytes buffered while the scraper reads nothing").isLessThanOrEqualTo(SCRAPE_BOUND);

            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int answers = 0;
            while (answers < requests) {
                int n = in.read(buf);
                assertThat(n).as("connection open until every answer arrived").isPositive();
                got.write(buf, 0, n);
                answers = (int) STATUS.matcher(got.toString(StandardCharsets.ISO_8859_1)).results().count();
            }
            Matcher m = STATUS.matcher(got.toString(StandardCharsets.ISO_8859_1));
            while (m.find()) {
                assertThat(m.group(1)).isEqualTo("200");
            }
            assertThat(answers).isEqualTo(requests);
        }
    }

    @Test
    void metricsAreOnlyOnTheAdminPortWhichListensOnLoopback() throws Exception {
        assertThat(status(server.httpPort(), "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo("404");
        assertThat(status(server.adminPort(), "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo("200");
        assertThat(server.runtime().config().adminHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void anOversizedHeaderIsAnswered400AndClosed() throws Exception {
        String big = "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Pad: " + "p".repeat(HttpInitializer.MAX_HEADER_BYTES + 1)
                + "\r\n\r\n";
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5_000);
            s.getOutputStream().write(big.getBytes(StandardCharsets.US_ASCII));
            String answer = readUntilClosed(s);
            assertThat(answer).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void aRequestTrickledByteByByteIsClosedAtTheDeadline() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5_000);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] request = "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            long closedAfterMs = -1;
            // one byte a second: well inside the 60 s idle limit, never a complete request
            for (int i = 0; i < 30 && closedAfterMs < 0; i++) {
                try {
                    out.write(request[Math.min(i, request.length - 1)]);
                    out.flush();
                    if (in.read() == -1) {
                        closedAfterMs = (System.nanoTime() - start) / 1_000_000;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    Thread.sleep(500);
                } catch (SocketException reset) {
                    closedAfterMs = (System.nanoTime() - start) / 1_000_000;
                }
            }
            assertThat(closedAfterMs).as("closed at the request deadline")
                    .isBetween(HttpInitializer.REQUEST_TIMEOUT_MS, HttpInitializer.REQUEST_TIMEOUT_MS + 3_000);
        }
    }

    /** A client that reads nothing, with a small receive window so the kernel holds little for it. */
    static Socket unreadSocket(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    /** The largest figure of the pending-bytes gauge over {@code millis}; stops early past {@code stopAbove}. */
    static long maxPendingFor(long millis, long stopAbove) throws InterruptedException {
        long max = 0;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end && max <= stopAbove * 100) {
            max = Math.max(max, (long) server.runtime().metrics().registry().get(HttpConnections.PENDING_BYTES)
                    .gauge().value());
            Thread.sleep(2);
        }
        return max;
    }

    static String readUntilClosed(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            int n;
            while ((n = s.getInputStream().read(buf)) != -1) {
                got.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // a close with unread input on the server side resets: what arrived before counts
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    static String status(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            byte[] head = s.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).substring(9, 12);
        }
    }
}
