package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Login;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.http.HttpInitializer;
import org.gridcast.server.testing.RawHttp;
import org.gridcast.server.testing.TestNode;
import org.gridcast.server.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 9: the H5 app's files on the public HTTP port, over real sockets to a real node. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebAppIT {
    static GridcastServer server;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        server = TestNode.start("web1");
        port = server.httpPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = WebAppIT.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    static RawHttp.Response get(String target, String... headers) throws IOException {
        return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: a\r\n" + String.join("", headers));
    }

    @Test
    void rootServesIndexWithTheContractsHeaders() throws IOException {
        RawHttp.Response r = get("/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(resource("web/index.html"));
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.header("Content-Security-Policy")).isEqualTo("default-src 'self'; script-src 'self'; "
                + "style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; manifest-src 'self'; "
                + "worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(r.header("ETag")).matches("\"[0-9a-f]{32}\"");
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(get("/index.html").body()).isEqualTo(r.body());
    }

    @Test
    void anUnchangedFileIsA304ForItsETag() throws IOException {
        String tag = get("/index.html").header("ETag");
        RawHttp.Response r = get("/index.html", "If-None-Match: " + tag + "\r\n");
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("ETag")).isEqualTo(tag);
        assertThat(r.header("Content-Security-Policy")).isNotNull();
        assertThat(get("/index.html", "If-None-Match: \"0123\"\r\n").status()).isEqualTo(200);
    }

    @Test
    void uplotIsServedFromItsWebJarWithALongMaxAgeAndGzip() throws IOException {
        byte[] js = resource("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        RawHttp.Response plain = get("/vendor/uplot/uPlot.iife.min.js");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo(js);
        assertThat(plain.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(plain.header("Cache-Control")).isEqualTo("public, max-age=2592000");
        assertThat(plain.header("Vary")).isEqualTo("Accept-Encoding");

        RawHttp.Response zipped = get("/vendor/uplot/uPlot.iife.min.js", "Accept-Encoding: gzip, deflate, br\r\n");
        assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(zipped.body().length).isLessThan(js.length / 2);
        assertThat(gunzip(zipped.body())).isEqualTo(js);
        assertThat(zipped.header("ETag")).isNotEqualTo(plain.header("ETag"));
        assertThat(get("/vendor/uplot/uPlot.iife.min.js", "Accept-Encoding: gzip;q=0, *\r\n")
                .header("Content-Encoding")).isNull();

        RawHttp.Response css = get("/vendor/uplot/uPlot.min.css");
        assertThat(css.body()).isEqualTo(resource("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css"));
        assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(get("/vendor/uplot/uPlot.esm.js").status()).as("only the two files the app uses").isEqualTo(404);
    }

    @Test
    void headHasTheGetsHeadersAndNoBody() throws IOException {
        RawHttp.Response got = get("/vendor/uplot/uPlot.min.css");
        RawHttp.Response head = RawHttp.exchange(port, "HEAD /vendor/uplot/uPlot.min.css HTTP/1.1\r\nHost: a\r\n");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(got.body().length));
        assertThat(head.header("ETag")).isEqualTo(got.header("ETag"));
        assertThat(head.header("Content-Type")).isEqualTo(got.header("Content-Type"));
    }

    @Test
    void traversalAndBadPathsAreRefused() throws IOException {
        assertThat(get("/js/../index.html").status()).isEqualTo(404);
        assertThat(get("/%2e%2e/index.html").status()).isEqualTo(404);
        assertThat(get("/js/%2E%2E/%2e%2e/etc/passwd").status()).isEqualTo(404);
        assertThat(get("/./index.html").status()).isEqualTo(404);
        assertThat(get("//index.html").status()).isEqualTo(404);
        assertThat(get("/..%5cindex.html").status()).isEqualTo(400);
        assertThat(get("/index.html%00.png").status()).isEqualTo(400);
        assertThat(get("/%zz").status()).isEqualTo(400);
        assertThat(get("/%c0%ae%c0%ae/index.html").status()).as("overlong UTF-8 dots").isEqualTo(400);
        RawHttp.Response refused = get("/../../etc/passwd");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.header("Content-Security-Policy")).isNotNull();
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws IOException {
        assertThat(get("/nope.html").status()).isEqualTo(404);
        assertThat(get("/WEB-INF/web.xml").status()).isEqualTo(404);
        RawHttp.Response post = RawHttp.exchange(port, "POST /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n",
                "{}".getBytes(StandardCharsets.US_ASCII));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(RawHttp.exchange(port, "DELETE / HTTP/1.1\r\nHost: a\r\n").status()).isEqualTo(405);
    }

    @Test
    void otherRequestsStillMeetThe16KiBAggregatorAndTheGate() throws IOException {
        byte[] body = new byte[HttpInitializer.MAX_REQUEST_BYTES + 1];
        RawHttp.Response big = RawHttp.exchange(port, "POST /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: "
                + body.length + "\r\n", body);
        assertThat(big.status()).isEqualTo(413);

        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /vendor/uplot/uPlot.min.css HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answers = new String(RawHttp.readAll(s.getInputStream()), StandardCharsets.ISO_8859_1);
            assertThat(answers.indexOf("HTTP/1.1 200")).isZero();
            assertThat(answers.indexOf("HTTP/1.1 404")).as("pipelined answers in order").isPositive()
                    .isLessThan(answers.lastIndexOf("HTTP/1.1 200"));
        }
    }

    @Test
    void probesAndTheWebSocketAreUnchanged() throws Exception {
        assertThat(get("/healthz").status()).isEqualTo(200);
        assertThat(get("/metrics").status()).isEqualTo(404);
        try (WsClient ws = new WsClient(port)) {
            Envelope reply = ws.call(Envelope.newBuilder().setLogin(Login.newBuilder()
                    .setToken(server.runtime().tokens().issue("alice", "web")).setDevice("web")), 1);
            assertThat(reply.getLoginOk().getMember()).isEqualTo("alice");
        }
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
