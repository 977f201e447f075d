package org.gridcast.server.ops;

import org.gridcast.server.redis.RedisKeys;
import static org.assertj.core.api.Assertions.assertThat;

import org.gridcast.server.redis.RedisLink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.server.redis.RedisConnector;
import org.gridcast.server.testing.TestRedis;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator contract of issue 2, run as an operator would: the packaged server jar with the
 * built-in seeds (所前镇) on a Redis URL, tokens from its {@code token} command, and every
 * {@code gridcast-cli.jar} command as a process of its own, with the exact JSON lines it prints.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CliContractIT {
    private static final String MICROGRID = "sq-suoqian-g1-m1";
    private static final String CHANNEL = "u:" + MICROGRID;
    private static final String WORKER = "sq-suoqian-g1-w";
    private static final String RESIDENT = MICROGRID + "-r1";

    @TempDir
    Path dir;

    private Path root;
    private ServerProcess server;

    @Test
    void everyCommandPrintsTheContractedJsonLines() throws Exception {
        root = Jars.root().orElse(null);
        Assumptions.assumeTrue(root != null, "packaged jars missing: run mvn package first");
        TestRedis.flushAll();
        Path data = dir.resolve("data");
        server = ServerProcess.fromJar(root.resolve(Jars.SERVER), data, "--port", "0", "--http-port", "0",
                "--redis", TestRedis.uri());
        try {
            String worker = token(data, WORKER);
            String resident = token(data, RESIDENT);

            // listen first: whether the notice comes live or in the sync, it prints one line
            CommandRun.Running listen = CommandRun.start(dir.resolve("listen"),
                    cli(resident, "listen", "--count", "1", "--timeout", "30"));

            CommandRun post = cli(worker, List.of("post", "--unit", MICROGRID, "--title", "停水通知",
                    "--text", "明天8:00-12:00停水,请提前储水", "--confirm", "--client-msg-id", "cli-1"));
            assertOk(post, "{\"channel\":\"" + CHANNEL + "\",\"seq\":1,\"duplicate\":false}");
            CommandRun again = cli(worker, List.of("post", "--unit", MICROGRID, "--title", "停水通知",
                    "--text", "明天8:00-12:00停水,请提前储水", "--confirm", "--client-msg-id", "cli-1"));
            assertOk(again, "{\"channel\":\"" + CHANNEL + "\",\"seq\":1,\"duplicate\":true}");

            assertOk(listen.await(), "{\"channel\":\"" + CHANNEL + "\",\"seq\":1,\"unit\":\"" + MICROGRID
                    + "\",\"title\":\"停水通知\",\"text\":\"明天8:00-12:00停水,请提前储水\",\"needsConfirm\":true}");

            assertOk(cli(resident, List.of("unread")), "{\"total\":1,\"channels\":{\"" + CHANNEL + "\":1}}");
            assertOk(cli(resident, List.of("read", "--channel", CHANNEL, "--seq", "1")), "{\"ok\":true,\"read\":1}");
            assertOk(cli(resident, List.of("unread")), "{\"total\":0,\"channels\":{}}");

            long members = membersOf(MICROGRID);
            assertThat(members).isGreaterThan(1);
            assertOk(cli(worker, List.of("receipts", "--channel", CHANNEL, "--seq", "1")),
                    "{\"members\":" + members + ",\"read\":1,\"unread\":" + (members - 1) + ",\"confirmed\":0}");

            CommandRun directory = cli(worker, List.of("directory", "--unit", MICROGRID));
            assertThat(directory.exitCode()).as(String.join("\n", directory.err())).isZero();
            assertThat(directory.err()).isEmpty();
            assertThat(directory.out().get(0)).isEqualTo("{\"type\":\"unit\",\"id\":\"" + MICROGRID
                    + "\",\"parent\":\"sq-suoqian-g1\",\"kind\":\"MICROGRID\",\"name\":\"第一网格1号微网格\"}");
            List<String> memberLines = new ArrayList<>(directory.out().subList(1, directory.out().size()));
            assertThat(memberLines).hasSize((int) members);
            assertThat(memberLines).allMatch(l -> l.matches(
                    "\\{\"type\":\"member\",\"id\":\"" + MICROGRID + "-(l|[a-z]\\d+)\",\"unit\":\"" + MICROGRID
                            + "\",\"role\":\"(RESIDENT|MICROGRID_LEADER)\",\"name\":\"[^\"]+\"}"));
            assertThat(memberLines).contains("{\"type\":\"member\",\"id\":\"" + MICROGRID + "-l\",\"unit\":\""
                    + MICROGRID + "\",\"role\":\"MICROGRID_LEADER\",\"name\":\"周华新\"}");

            CommandRun forbidden = cli(resident, List.of("post", "--unit", MICROGRID, "--title", "t", "--text", "x"));
            assertThat(forbidden.exitCode()).isNotZero();
            assertThat(forbidden.out()).isEmpty();
            assertThat(forbidden.err()).hasSize(1);
            assertThat(forbidden.err().get(0)).matches("\\{\"error\":\"FORBIDDEN\",\"message\":\"[^\"]*\"}");

            assertOk(cli(resident, List.of("unread")), "{\"total\":0,\"channels\":{}}");
        } finally {
            server.close();
        }
    }

    /** {@code gridcast-server token --data-dir D --member M --device cli}: one line, the token. */
    private String token(Path data, String member) throws Exception {
        CommandRun run = CommandRun.run(dir.resolve("token"), List.of(ServerProcess.java(), "-jar",
                root.resolve(Jars.SERVER).toString(), "token", "--data-dir", data.toString(),
                "--member", member, "--device", "cli"));
        assertThat(run.exitCode()).as(String.join("\n", run.err())).isZero();
        assertThat(run.out()).hasSize(1);
        return run.out().get(0).trim();
    }

    private List<String> cli(String token, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ServerProcess.java(), "-jar", root.resolve(Jars.CLI).toString(),
                "--server", "127.0.0.1:" + server.tcpPort(), "--token", token));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private CommandRun cli(String token, List<String> args) throws Exception {
        return CommandRun.run(dir.resolve("cli"), cli(token, args.toArray(String[]::new)));
    }

    private static void assertOk(CommandRun run, String line) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).containsExactly(line);
    }

    /** Members whose home unit is the unit, straight from Redis (dir:members:<unit>). */
    private static long membersOf(String unit) {
        try (RedisConnector connector = new RedisConnector(TestRedis.uri());
             RedisLink<String, String> c = connector.connectStrings()) {
            return c.sync().scard(RedisKeys.dirMembersOf(unit));
        }
    }
}
