package org.gridcast.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.GridcastClient;
import org.gridcast.client.cli.Cli;
import org.gridcast.protocol.EventCall;
import org.gridcast.protocol.EventResult;
import org.gridcast.protocol.LoginOk;
import org.gridcast.server.GridcastServer;
import org.gridcast.server.GridcastServices;
import org.gridcast.server.ServerConfig;
import org.gridcast.server.testing.TestRedis;
import org.openqa.selenium.WebElement;

/**
 * A production-wired node on the built-in seeds (航海路社区 of 乔司街道, with its shop alliance and
 * FAQ), for the browser tests of the event, consultation, queue, members and dashboard screens;
 * the synthetic town has neither FAQ entries nor departments. Also runs the CLI in-process, so a
 * test compares a screen with what {@code gridcast-cli} prints for the same request.
 */
final class HanghailuServer implements AutoCloseable {
    static final String COMMUNITY = "qs-hanghailu";
    static final String GRID = "qs-hanghailu-g1";
    static final String OTHER_GRID = "qs-hanghailu-g2";
    static final String MICROGRID = "qs-hanghailu-g1-m1";
    static final String OTHER_MICROGRID = "qs-hanghailu-g1-m2";
    static final String LEADER = "qs-hanghailu-g1-m1-l";
    static final String GRID_WORKER = "qs-hanghailu-g1-w";
    static final String COMMUNITY_STAFF = "qs-hanghailu-s1";
    static final String SHOP_ALLIANCE = "qs-hanghailu-shops";
    static final long WAIT_SECONDS = 10;

    private final GridcastServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HanghailuServer(GridcastServer server) {
        this.server = server;
    }

    static HanghailuServer start() throws IOException {
        TestRedis.flushAll();
        Path dir = Files.createTempDirectory("gridcast-web2-it");
        ServerConfig config = ServerConfig.builder(dir).bindHost("127.0.0.1").port(0).httpPort(0)
                .redisUri(TestRedis.uri()).build();
        return new HanghailuServer(GridcastServer.start(config, GridcastServices.builder(config, Clock.systemUTC()).build()));
    }

    static String resident(int n) {
        return MICROGRID + "-r" + n;
    }

    int tcpPort() {
        return server.tcpPort();
    }

    String url() {
        return "http://127.0.0.1:" + server.httpPort() + "/";
    }

    /** The sign-in link the {@code token --link} command prints. */
    String link(String member, String device) {
        return url() + "#token=" + token(member, device);
    }

    /** Opens the member's sign-in link and waits until the app is online. */
    void signIn(Browser browser, String member, String device) {
        browser.get(link(member, device));
        browser.waitForText("connection", "online");
    }

    /** Moves the single-page app to a hash route without reloading it. */
    static void go(Browser browser, String hash) {
        browser.script("location.hash = arguments[0]", hash);
        browser.waitFor(d -> hash.equals(browser.script("return location.hash")));
    }

    /**
     * Clicks like a thumb: the element is first scrolled to the middle of the screen, since
     * WebDriver clicks an element that is "in view" even when the fixed tab bar covers it.
     */
    static void tap(Browser browser, WebElement element) {
        browser.script("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    String token(String member, String device) {
        return server.runtime().tokens().issue(member, device);
    }

    GridcastClient client(String member, String device) throws Exception {
        GridcastClient client = GridcastClient.builder().server("127.0.0.1", tcpPort())
                .token(token(member, device)).device(device).build();
        LoginOk ok = client.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (!ok.getMember().equals(member)) {
            throw new AssertionError("logged in as " + ok.getMember());
        }
        return client;
    }

    static EventResult call(GridcastClient client, EventCall.Builder call) throws Exception {
        return client.event(call.build()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs {@code gridcast-cli --server ... --token ... <args>} in this JVM; returns its stdout, fails on a non-zero exit. */
    String cli(String member, String... args) {
        String[] argv = new String[args.length + 4];
        argv[0] = "--server";
        argv[1] = "127.0.0.1:" + server.tcpPort();
        argv[2] = "--token";
        argv[3] = token(member, Cli.DEFAULT_DEVICE);
        System.arraycopy(args, 0, argv, 4, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Cli(Cli.loadCommands(), ClientOptions.defaults())
                .run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (exit != Cli.EXIT_OK) {
            throw new AssertionError("cli " + String.join(" ", args) + " exited " + exit + ": " + err.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    /** GET of a path on the public HTTP port, with {@code Authorization: Bearer token} unless token is null. */
    HttpResponse<byte[]> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url()).resolve(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        server.close();
    }
}
