package org.gridcast.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.gridcast.client.ClientOptions;
import org.gridcast.client.FakeServer;
import org.gridcast.protocol.DirectoryPage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Member;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.protocol.Ok;
import org.gridcast.protocol.Receipts;
import org.gridcast.protocol.Unit;
import org.gridcast.protocol.UnitKind;
import org.gridcast.protocol.UnreadCounts;
import org.gridcast.protocol.UnreadPush;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The CLI's argument handling and its JSON output, against a real-frame protocol peer. */
@Timeout(30)
class CliTest {

    private static final String COMMANDS = "ask, chat, confirm, conversations, directory, event, events, follow-up, handover, "
            + "invite, listen, move, post, presence, rate, read, receipts, redeem, remind, report, revoke, stats, transition, unread";

    private FakeServer server;
    private final Cli cli = new Cli(Cli.loadCommands(),
            ClientOptions.builder().requestTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(2)).build());

    private record Result(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new FakeServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result runAgainstServer(String... commandArgs) {
        String[] args = new String[commandArgs.length + 4];
        args[0] = "--server";
        args[1] = "127.0.0.1:" + server.port();
        args[2] = "--token";
        args[3] = "good";
        System.arraycopy(commandArgs, 0, args, 4, commandArgs.length);
        return run(args);
    }

    private static void assertBadArgs(Result r, String message) {
        assertThat(r.exit()).isEqualTo(Cli.EXIT_BAD_ARGS);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(Json.object().put("error", "BAD_ARGS").put("message", message) + System.lineSeparator());
    }

    @Test
    void everyContractCommandIsRegistered() {
        assertThat(Cli.loadCommands().keySet()).containsExactly("ask", "chat", "confirm", "conversations", "directory", "event",
                "events", "follow-up", "handover", "invite", "listen", "move", "post", "presence", "rate", "read", "receipts", "redeem",
                "remind", "report", "revoke", "stats", "transition", "unread");
    }

    @Test
    void argumentErrorsAreOneJsonLineOnStderr() {
        assertBadArgs(run("--server", "h:1", "--token", "t", "frobnicate"),
                "unknown command frobnicate; commands: " + COMMANDS);
        assertBadArgs(run("--token", "t", "unread"), "missing --server HOST:PORT");
        assertBadArgs(run("--server", "localhost", "--token", "t", "unread"), "--server must be HOST:PORT: localhost");
        assertBadArgs(run("--server", "h:99999", "--token", "t", "unread"), "--server must be HOST:PORT: h:99999");
        assertBadArgs(run("--server", "h:1", "unread"), "missing --token");
        assertBadArgs(run("--server", "h:1", "--token", "t", "unread", "--bogus"), "unknown option --bogus; usage: unread");
        assertBadArgs(run("--server", "h:1", "--token", "t", "read", "--channel"), "option --channel needs a value");
        assertBadArgs(run("--server", "h:1", "--token", "t", "read", "--channel", "u:a", "--seq", "x"), "--seq is not a number: x");
        assertBadArgs(run("--server", "h:1", "--token", "t", "read", "--seq", "1"), "missing --channel");
        assertBadArgs(run("--server", "h:1", "--token", "t", "post", "--unit", "a", "--to", "m1", "--title", "t", "--text", "x"),
                "give exactly one of --unit and --to; usage: post (--unit ID | --to ID,ID...) --title T --text X [--confirm] [--client-msg-id ID]");
        assertBadArgs(run("--server", "h:1", "--token", "t", "receipts", "--channel", "u:a", "--seq", "1", "--list", "all"),
                "--list must be read, unread or confirmed: all");
        assertBadArgs(run("--server", "h:1", "--token", "t"), "no command; commands: " + COMMANDS);
        assertBadArgs(run("--server", "h:1", "--token", "t", "unread", "extra"), "unexpected argument extra; usage: unread");
    }

    @Test
    void tlsCaFileThatCannotBeUsedIsBadArgs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path missing = dir.resolve("missing.pem");
        assertBadArgs(run("--server", "h:1", "--token", "t", "--tls-ca", missing.toString(), "unread"),
                "cannot read --tls-ca " + missing);
        java.nio.file.Path empty = java.nio.file.Files.writeString(dir.resolve("empty.pem"), "");
        assertBadArgs(run("--server", "127.0.0.1:" + server.port(), "--token", "t", "--tls-ca", empty.toString(), "unread"),
                "no PEM certificate in CA file " + empty);
        assertThat(server.logins).isEmpty();
    }

    @Test
    void helpOnEveryCommandIsItsUsageOnStdoutAndExitZero() {
        for (Command c : Cli.loadCommands().values()) {
            Result r = run(c.name(), "--help"); // no --server needed to ask for help
            assertThat(r.exit()).as(c.name()).isEqualTo(Cli.EXIT_OK);
            assertThat(r.err()).as(c.name()).isEmpty();
            assertThat(r.out()).as(c.name()).startsWith("Usage: gridcast-cli [GLOBAL OPTIONS] " + c.usage().split(" ")[0]);
            assertThat(r.out()).as(c.name()).contains("Exit codes:", "2   bad arguments (BAD_ARGS)");
            for (Option o : c.options()) {
                assertThat(r.out()).as(c.name()).contains(o.name());
            }
        }
        Result top = run("-h");
        assertThat(top.exit()).isEqualTo(Cli.EXIT_OK);
        assertThat(top.out()).startsWith("Usage: gridcast-cli --server HOST:PORT").contains("  listen ", "  transition ");
        assertThat(run("--server", "h:1", "--token", "t", "post", "--unit", "a", "--help").out())
                .startsWith("Usage: gridcast-cli [GLOBAL OPTIONS] post (--unit ID | --to ID,ID...)");
    }

    @Test
    void valuesAreTakenAsGivenNeverAsFilesOrCommands() throws Exception {
        java.nio.file.Path notes = java.nio.file.Files.createTempFile("notes", ".txt");
        try {
            java.nio.file.Files.writeString(notes, "not this");
            server.handler = r -> r.getBodyCase() == Envelope.BodyCase.POST_NOTICE
                    ? Envelope.newBuilder().setNoticePosted(NoticePosted.newBuilder().setChannel("u:mg1").setSeq(1)).build() : null;
            Result r = runAgainstServer("post", "--unit", "mg1", "--title", "listen", "--text", "@" + notes);
            assertThat(r.exit()).as(r.err()).isZero();
            var post = server.nextRequest(Envelope.BodyCase.POST_NOTICE).getPostNotice();
            assertThat(post.getBody().getTitle()).isEqualTo("listen");
            assertThat(post.getBody().getText()).isEqualTo("@" + notes);
        } finally {
            java.nio.file.Files.delete(notes);
        }
    }

    @Test
    void closedPortIsConnectFailed() throws Exception {
        int port = server.port();
        server.close();
        Result r = run("--server", "127.0.0.1:" + port, "redeem", "--code", "X");
        assertThat(r.exit()).isEqualTo(Cli.EXIT_FAILED);
        assertThat(r.err()).startsWith("{\"error\":\"CONNECT_FAILED\",\"message\":\"cannot connect to 127.0.0.1:" + port);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void serverErrorIsReportedWithItsCode() {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.GET_UNREAD ? FakeServer.error(ErrorCode.RATE_LIMITED, "slow down") : null;
        Result r = runAgainstServer("unread");
        assertThat(r.exit()).isEqualTo(Cli.EXIT_FAILED);
        assertThat(r.err()).isEqualTo("{\"error\":\"RATE_LIMITED\",\"message\":\"slow down\"}" + System.lineSeparator());
    }

    @Test
    void postToAUnitPrintsChannelSeqDuplicate() throws Exception {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.POST_NOTICE
                ? Envelope.newBuilder().setNoticePosted(NoticePosted.newBuilder().setChannel("u:mg1").setSeq(3)).build() : null;
        Result r = runAgainstServer("post", "--unit", "mg1", "--title", "停水通知", "--text", "明天\n8点", "--confirm");

        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).containsExactly("{\"channel\":\"u:mg1\",\"seq\":3,\"duplicate\":false}");
        assertThat(server.logins.get(0).getDevice()).isEqualTo("cli");
        assertThat(server.logins.get(0).getCursorsList()).isEmpty();
        var post = server.nextRequest(Envelope.BodyCase.POST_NOTICE).getPostNotice();
        assertThat(post.getUnit()).isEqualTo("mg1");
        assertThat(post.getBody().getTitle()).isEqualTo("停水通知");
        assertThat(post.getBody().getText()).isEqualTo("明天\n8点");
        assertThat(post.getBody().getNeedsConfirm()).isTrue();
        assertThat(post.getClientMsgId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void postToMembersKeepsTheGivenClientMsgId() throws Exception {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.POST_NOTICE
                ? Envelope.newBuilder().setNoticePosted(NoticePosted.newBuilder().setChannel("o:s1").setSeq(9).setDuplicate(true)).build() : null;
        Result r = runAgainstServer("--device", "laptop", "post", "--to", "m1, m2", "--title", "t", "--text", "x", "--client-msg-id", "abc");

        assertThat(r.outLines()).containsExactly("{\"channel\":\"o:s1\",\"seq\":9,\"duplicate\":true}");
        var post = server.nextRequest(Envelope.BodyCase.POST_NOTICE).getPostNotice();
        assertThat(post.getTo().getMembersList()).containsExactly("m1", "m2");
        assertThat(post.getClientMsgId()).isEqualTo("abc");
        assertThat(post.getBody().getNeedsConfirm()).isFalse();
        assertThat(server.logins.get(0).getDevice()).isEqualTo("laptop");
    }

    @Test
    void listenPrintsTheBacklogUpToTheCount() {
        server.follow("u:mg1", 1, 0);
        server.append("u:mg1", "old");
        server.append("u:mg1", "第二");
        server.append("u:mg1", "third");
        server.append("u:mg1", "fourth");
        Result r = runAgainstServer("listen", "--count", "2", "--timeout", "10");

        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).containsExactly(
                "{\"channel\":\"u:mg1\",\"seq\":2,\"unit\":\"mg1\",\"title\":\"第二\",\"text\":\"text of 第二\",\"needsConfirm\":false}",
                "{\"channel\":\"u:mg1\",\"seq\":3,\"unit\":\"mg1\",\"title\":\"third\",\"text\":\"text of third\",\"needsConfirm\":false}");
    }

    @Test
    void listenEndsNormallyAtTheTimeout() {
        server.follow("u:mg1", 0, 0);
        server.append("u:mg1", "only");
        Result r = runAgainstServer("listen", "--count", "5", "--timeout", "1");
        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).hasSize(1);
        assertThat(r.err()).isEmpty();
    }

    /** Runs the CLI on a thread of its own, for commands that wait (listen). */
    private java.util.concurrent.CompletableFuture<Result> runInBackground(String... commandArgs) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> runAgainstServer(commandArgs));
    }

    private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void listenRidesThroughALostConnectionAndPrintsEachNoticeOnce() throws Exception {
        server.follow("u:mg1", 0, 0);
        server.append("u:mg1", "before");
        var listen = runInBackground("listen", "--count", "3", "--timeout", "20");
        assertThat(await(() -> server.requestsSeen(Envelope.BodyCase.FETCH) == 1)).isTrue();
        server.current().close(); // the server went away
        server.append("u:mg1", "while away");
        // reconnected and synced: the second login's fetch
        assertThat(await(() -> server.logins.size() == 2 && server.requestsSeen(Envelope.BodyCase.FETCH) >= 2)).isTrue();
        server.pushNotice(server.append("u:mg1", "after"));

        Result r = listen.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).extracting(l -> l.replaceAll(".*\"seq\":(\\d+).*", "$1")).containsExactly("1", "2", "3");
        assertThat(server.logins.get(1).getCursorsList()).extracting(c -> c.getChannel() + " " + c.getDelivered())
                .containsExactly("u:mg1 1");
    }

    @Test
    void listenExitsWithTheCodeWhenKickedForGood() throws Exception {
        server.follow("u:mg1", 0, 0);
        var listen = runInBackground("listen", "--timeout", "20");
        assertThat(await(() -> server.logins.size() == 1 && server.current() != null)).isTrue();
        Thread.sleep(200);
        server.current().send(Envelope.newBuilder().setKicked(org.gridcast.protocol.Kicked.newBuilder()
                .setReason(ErrorCode.REVOKED).setMessage("device revoked")).build());

        Result r = listen.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exit()).isEqualTo(Cli.EXIT_FAILED);
        assertThat(r.err()).isEqualTo("{\"error\":\"REVOKED\",\"message\":\"device revoked\"}" + System.lineSeparator());
        assertThat(server.logins).hasSize(1);
    }

    @Test
    void listenWithStatePrintsOnlyWhatTheRunBeforeDidNot() throws Exception {
        java.nio.file.Path state = java.nio.file.Files.createTempDirectory("listen").resolve("state");
        server.follow("u:mg1", 0, 0);
        for (String t : List.of("a", "b", "c", "d")) {
            server.append("u:mg1", t);
        }
        Result first = runAgainstServer("listen", "--state", state.toString(), "--count", "2", "--timeout", "10");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.outLines()).extracting(l -> l.replaceAll(".*\"title\":\"(\\w)\".*", "$1")).containsExactly("a", "b");
        assertThat(java.nio.file.Files.readAllLines(state)).containsExactly("u:mg1 2");

        Result second = runAgainstServer("listen", "--state", state.toString(), "--count", "9", "--timeout", "2");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.outLines()).extracting(l -> l.replaceAll(".*\"title\":\"(\\w)\".*", "$1")).containsExactly("c", "d");
        assertThat(java.nio.file.Files.readAllLines(state)).containsExactly("u:mg1 4");
        assertThat(runAgainstServer("--cursors", state.toString(), "listen", "--state", state.toString()).err())
                .contains("give --state or --cursors, not both");
    }

    @Test
    void unreadPrintsTotalAndSortedChannels() {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.GET_UNREAD
                ? Envelope.newBuilder().setUnreadCounts(UnreadCounts.newBuilder().setTotal(3).putChannels("u:mg1", 2).putChannels("i:m1", 1)).build()
                : null;
        assertThat(runAgainstServer("unread").outLines()).containsExactly("{\"total\":3,\"channels\":{\"i:m1\":1,\"u:mg1\":2}}");
    }

    @Test
    void readPrintsTheReadCursor() {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.MARK_READ
                ? Envelope.newBuilder().setUnreadPush(UnreadPush.newBuilder().setChannel("u:mg1").setRead(8)).build() : null;
        assertThat(runAgainstServer("read", "--channel", "u:mg1", "--seq", "5").outLines()).containsExactly("{\"ok\":true,\"read\":8}");
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.CONFIRM ? Envelope.newBuilder().setOk(Ok.getDefaultInstance()).build() : null;
        assertThat(runAgainstServer("confirm", "--channel", "u:mg1", "--seq", "5").outLines()).containsExactly("{\"ok\":true}");
    }

    @Test
    void revokeDeviceAfterTheCommandIsTheRevokedDevice() throws Exception {
        server.handler = r -> r.getBodyCase() == Envelope.BodyCase.REVOKE ? Envelope.newBuilder().setOk(Ok.getDefaultInstance()).build() : null;
        Result r = runAgainstServer("--device", "ops", "revoke", "--member", "m9", "--device", "phone");
        assertThat(r.outLines()).containsExactly("{\"ok\":true}");
        var revoke = server.nextRequest(Envelope.BodyCase.REVOKE).getRevoke();
        assertThat(revoke.getMember()).isEqualTo("m9");
        assertThat(revoke.getDevice()).isEqualTo("phone");
        assertThat(server.logins.get(0).getDevice()).isEqualTo("ops");
    }

    @Test
    void directoryPagesThroughUnitsAndMembers() {
        server.handler = r -> {
            if (r.getBodyCase() != Envelope.BodyCase.GET_DIRECTORY) {
                return null;
            }
            if (r.getGetDirectory().getPageToken().isEmpty()) {
                return Envelope.newBuilder().setDirectoryPage(DirectoryPage.newBuilder()
                        .addUnits(Unit.newBuilder().setId("t1").setKind(UnitKind.TOWN).setName("所前镇"))
                        .addMembers(Member.newBuilder().setId("m1").setUnit("t1").setRole("TOWN_STAFF").setName("李"))
                        .setNextPageToken("p2")).build();
            }
            return Envelope.newBuilder().setDirectoryPage(DirectoryPage.newBuilder()
                    .addUnits(Unit.newBuilder().setId("c1").setParent("t1").setKind(UnitKind.COMMUNITY).setName("航海路社区"))).build();
        };
        Result r = runAgainstServer("directory", "--unit", "t1");
        assertThat(r.outLines()).containsExactly(
                "{\"type\":\"unit\",\"id\":\"t1\",\"parent\":\"\",\"kind\":\"TOWN\",\"name\":\"所前镇\"}",
                "{\"type\":\"member\",\"id\":\"m1\",\"unit\":\"t1\",\"role\":\"TOWN_STAFF\",\"name\":\"李\"}",
                "{\"type\":\"unit\",\"id\":\"c1\",\"parent\":\"t1\",\"kind\":\"COMMUNITY\",\"name\":\"航海路社区\"}");
    }

    @Test
    void receiptsWithAListCollectsEveryPage() {
        server.handler = r -> {
            if (r.getBodyCase() != Envelope.BodyCase.GET_RECEIPTS) {
                return null;
            }
            boolean first = r.getGetReceipts().getPageToken().isEmpty();
            return Envelope.newBuilder().setReceipts(Receipts.newBuilder().setMembers(5).setRead(3).setUnread(2).setConfirmed(1)
                    .addList(first ? "m1" : "m2").setNextPageToken(first ? "next" : "")).build();
        };
        assertThat(runAgainstServer("receipts", "--channel", "u:mg1", "--seq", "4", "--list", "read").outLines())
                .containsExactly("{\"members\":5,\"read\":3,\"unread\":2,\"confirmed\":1,\"list\":[\"m1\",\"m2\"]}");
        assertThat(runAgainstServer("receipts", "--channel", "u:mg1", "--seq", "4").outLines())
                .containsExactly("{\"members\":5,\"read\":3,\"unread\":2,\"confirmed\":1}");
    }
}
