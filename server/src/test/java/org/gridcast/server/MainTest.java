package org.gridcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.gridcast.server.auth.Secret;
import org.gridcast.server.auth.TokenClaims;
import org.gridcast.server.auth.TokenService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void unknownOptionExitsTwoWithUsage(@TempDir Path dir) {
        int code = run("serve", "--data-dir", dir.toString(), "--colour", "blue");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --colour").contains("usage: gridcast-server serve");
    }

    @Test
    void missingCommandOrDataDirExitsTwo(@TempDir Path dir) {
        assertThat(run()).isEqualTo(2);
        assertThat(run("serve", "--port", "1")).isEqualTo(2);
        assertThat(run("launch", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(run("serve", "--data-dir", dir.toString(), "--port", "99999")).isEqualTo(2);
    }

    @Test
    void helpOnEveryCommandPrintsItsOptionsAndExitCodesAndExitsZero(@TempDir Path dir) {
        for (String command : new String[] {"serve", "token"}) {
            out.reset();
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(command)
                    .startsWith("Usage: gridcast-server " + command + " --data-dir D")
                    .contains("--data-dir=D", "Exit codes:", "2   bad usage");
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--ttl-hours=N", "token lifetime in hours");
        out.reset();
        assertThat(run("serve", "--data-dir", dir.toString(), "-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--http-port=H", "--redis=URL", "--seeds=PATH|synthetic:N");
        out.reset();
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: gridcast-server serve");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void migrateKeysHelpShowsItsOptionsAndTheConflictExitCode() {
        assertThat(run("migrate-keys", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Usage: gridcast-server migrate-keys (--data-dir D | --redis URL | --redis-cluster")
                .contains("--dry-run", "--redis-password-file=F", "Exit codes:", "2   bad usage",
                        "3   conflicts: keys under both names with different values, both kept")
                .doesNotContain("--seeds", "--port");
    }

    @Test
    void migrateKeysNeedsOneRedisAndTheClusterPasswordOnlyWithACluster(@TempDir Path dir) {
        assertThat(run("migrate-keys")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("migrate-keys needs --data-dir, --redis or --redis-cluster");
        err.reset();
        assertThat(run("migrate-keys", "--redis", "redis://127.0.0.1:1", "--redis-cluster", "127.0.0.1:2")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--redis and --redis-cluster exclude each other");
        err.reset();
        assertThat(run("migrate-keys", "--redis", "redis://127.0.0.1:1", "--redis-password-file", "p")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--redis-password-file needs --redis-cluster");
        err.reset();
        assertThat(run("migrate-keys", "--data-dir", dir.toString(), "--dry-run", "yes")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("unexpected argument yes");
        err.reset();
        assertThat(run("migrate-keys", "--data-dir", dir.toString(), "--port", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("unknown option --port");
        assertThat(out.size()).isZero();
        assertThat(dir.resolve("redis")).doesNotExist();
    }

    @Test
    void valueMissingGivenTwiceOrStrayIsAUsageError(@TempDir Path dir) {
        assertThat(run("token", "--data-dir", dir.toString(), "--member")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("missing value for --member");
        err.reset();
        assertThat(run("token", "--data-dir", dir.toString(), "--member", "a", "--member", "b")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--member given twice");
        err.reset();
        assertThat(run("token", "--data-dir", dir.toString(), "--member", "a", "extra")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("unexpected argument extra");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void tokenPrintsATokenTheServerSecretVerifies(@TempDir Path dir) throws Exception {
        int code = run("token", "--data-dir", dir.toString(), "--member", "alice", "--device", "phone", "--ttl-hours", "5");

        assertThat(code).isZero();
        String token = out.toString(StandardCharsets.UTF_8).trim();
        TokenClaims claims = new TokenService(Secret.loadOrCreate(dir.resolve("secret")), Clock.systemUTC()).verify(token);
        assertThat(claims.member()).isEqualTo("alice");
        assertThat(claims.device()).isEqualTo("phone");
        assertThat(claims.expiresAtMs() - claims.issuedAtMs()).isEqualTo(5 * 3_600_000L);
    }

    @Test
    void tokenLinkIsTheAppsAddressWithTheTokenInTheFragment(@TempDir Path dir) throws Exception {
        String d = dir.toString();
        assertThat(run("token", "--data-dir", d, "--member", "alice", "--device", "phone", "--link")).isZero();
        String link = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(link).startsWith("http://127.0.0.1:7480/#token=");
        String token = link.substring("http://127.0.0.1:7480/#token=".length());
        TokenClaims claims = new TokenService(Secret.loadOrCreate(dir.resolve("secret")), Clock.systemUTC()).verify(token);
        assertThat(claims.member()).isEqualTo("alice");
        assertThat(claims.device()).isEqualTo("phone");

        out.reset();
        assertThat(run("token", "--data-dir", d, "--member", "bob", "--link", "--http-port", "8080")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("http://127.0.0.1:8080/#token=v1.");
        out.reset();
        assertThat(run("token", "--data-dir", d, "--member", "bob", "--link", "--public-url",
                "https://grid.example.cn/app/")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("https://grid.example.cn/app/#token=v1.");
    }

    @Test
    void tokenLinkRefusesABadPublicUrlBeforeTouchingTheSecret(@TempDir Path dir) {
        String d = dir.toString();
        for (String bad : new String[] {"javascript:alert(1)", "ftp://h/", "http://h/?x=1", "http://h/#a", "not a url",
                "http://user@h/"}) {
            err.reset();
            assertThat(run("token", "--data-dir", d, "--member", "a", "--link", "--public-url", bad)).as(bad).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(bad).startsWith("--public-url");
        }
        assertThat(run("token", "--data-dir", d, "--member", "a", "--public-url", "http://h")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("go with --link");
        assertThat(run("token", "--data-dir", d, "--member", "a", "--link", "--http-port", "0")).isEqualTo(2);
        assertThat(run("token", "--data-dir", d, "--member", "a", "--link", "--http-port", "1",
                "--public-url", "http://h")).isEqualTo(2);
        assertThat(out.size()).isZero();
        assertThat(dir.resolve("secret")).doesNotExist();
    }

    @Test
    void serveTakesTheMediaDirAndBudget(@TempDir Path dir) {
        ServerConfig c = Main.config(Main.parse(new String[] {"serve", "--data-dir", dir.toString()}, Main.SERVE_OPTIONS));
        assertThat(c.mediaDir()).isEqualTo(dir.resolve("media"));
        assertThat(c.mediaLimits().diskBudgetBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
        c = Main.config(Main.parse(new String[] {"serve", "--data-dir", dir.toString(), "--media-dir", "/srv/photos",
                "--media-budget-mb", "512"}, Main.SERVE_OPTIONS));
        assertThat(c.mediaDir()).isEqualTo(Path.of("/srv/photos"));
        assertThat(c.mediaLimits().diskBudgetBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(run("serve", "--data-dir", dir.toString(), "--media-budget-mb", "-1")).isEqualTo(2);
    }

    @Test
    void tokenTtlIsCappedAtTheDefaultTokenLife(@TempDir Path dir) {
        String d = dir.toString();
        assertThat(run("token", "--data-dir", d, "--member", "alice", "--ttl-hours", "721")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ttl-hours must be 1..720 (the default token life), got 721");
        assertThat(run("token", "--data-dir", d, "--member", "alice", "--ttl-hours", "999999999999999")).isEqualTo(2);
        assertThat(run("token", "--data-dir", d, "--member", "alice", "--ttl-hours", "0")).isEqualTo(2);
        assertThat(out.size()).isZero();
        assertThat(run("token", "--data-dir", d, "--member", "alice", "--ttl-hours", "720")).isZero();
    }

    @Test
    void serveTakesTheNodeReapGraceWithinItsLimits(@TempDir Path dir) {
        String d = dir.toString();
        ServerConfig c = Main.config(Main.parse(new String[] {"serve", "--data-dir", d}, Main.SERVE_OPTIONS));
        assertThat(c.nodeReaping().grace()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(c.nodeReaping().sweepEvery()).isEqualTo(java.time.Duration.ofSeconds(30));
        c = Main.config(Main.parse(new String[] {"serve", "--data-dir", d, "--node-reap-grace", "8"}, Main.SERVE_OPTIONS));
        assertThat(c.nodeReaping().grace()).isEqualTo(java.time.Duration.ofSeconds(8));
        assertThat(c.nodeReaping().sweepEvery()).isEqualTo(java.time.Duration.ofSeconds(2));
        c = Main.config(Main.parse(new String[] {"serve", "--data-dir", d, "--node-reap-grace", "1"}, Main.SERVE_OPTIONS));
        assertThat(c.nodeReaping().sweepEvery()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(Main.config(Main.parse(new String[] {"serve", "--data-dir", d, "--node-reap-grace", "604800"},
                Main.SERVE_OPTIONS)).nodeReaping().grace()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(run("serve", "--data-dir", d, "--node-reap-grace", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("node reap grace must be 1..604800 seconds");
        assertThat(run("serve", "--data-dir", d, "--node-reap-grace", "604801")).isEqualTo(2);
        assertThat(run("serve", "--data-dir", d, "--node-reap-grace", "ten")).isEqualTo(2);
        assertThat(out.size()).isZero();
    }

    @Test
    void serveTakesTheConnectionCaps(@TempDir Path dir) {
        ServerConfig c = Main.config(Main.parse(new String[] {"serve", "--data-dir", dir.toString(),
                "--max-connections", "5000", "--max-connections-per-ip", "64"}, Main.SERVE_OPTIONS));
        assertThat(c.maxConnections()).isEqualTo(5000);
        assertThat(c.maxConnectionsPerIp()).isEqualTo(64);
        assertThat(c.capLoopback()).isFalse();
        assertThat(run("serve", "--data-dir", dir.toString(), "--max-connections-per-ip", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("max connections per IP must be >= 1");
    }

    @Test
    void serveTakesTheInFlightCapsAndRefusesBadOnes(@TempDir Path dir) {
        String d = dir.toString();
        ServerConfig c = Main.config(Main.parse(new String[] {"serve", "--data-dir", d,
                "--max-in-flight", "2000", "--max-logins-in-flight", "100"}, Main.SERVE_OPTIONS));
        assertThat(c.maxInFlight()).isEqualTo(2000);
        assertThat(c.maxLoginsInFlight()).isEqualTo(100);
        ServerConfig defaults = Main.config(Main.parse(new String[] {"serve", "--data-dir", d}, Main.SERVE_OPTIONS));
        assertThat(defaults.maxInFlight()).isEqualTo(4096);
        assertThat(defaults.maxLoginsInFlight()).isEqualTo(64);
        // a node-wide cap below the login default lowers the login cap with it
        assertThat(Main.config(Main.parse(new String[] {"serve", "--data-dir", d, "--max-in-flight", "10"},
                Main.SERVE_OPTIONS)).maxLoginsInFlight()).isEqualTo(10);

        assertThat(run("serve", "--data-dir", d, "--max-in-flight", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--max-in-flight must be 1..1000000, got 0");
        assertThat(run("serve", "--data-dir", d, "--max-logins-in-flight", "1000001")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--max-logins-in-flight must be 1..1000000, got 1000001");
        assertThat(run("serve", "--data-dir", d, "--max-logins-in-flight", "many")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--max-logins-in-flight must be a whole number, got 'many'");
        assertThat(run("serve", "--data-dir", d, "--max-in-flight", "50", "--max-logins-in-flight", "51")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--max-logins-in-flight (51) must not exceed --max-in-flight (50)");
        assertThat(out.size()).isZero();
    }

    @Test
    void configTakesEveryServeOption(@TempDir Path dir) {
        ServerConfig c = Main.config(Main.parse(new String[] {"serve", "--data-dir", dir.toString(), "--port", "0",
                "--http-port", "8081", "--redis", "redis://h:1", "--seeds", "s.json", "--secret-file", "k",
                "--ready-file", "r.json", "--node", "a1", "--heartbeat", "20"}, java.util.Set.of("--data-dir", "--port",
                "--http-port", "--redis", "--seeds", "--secret-file", "--ready-file", "--node", "--heartbeat")));

        assertThat(c.port()).isZero();
        assertThat(c.httpPort()).isEqualTo(8081);
        assertThat(c.redisUri()).contains("redis://h:1");
        assertThat(c.seeds()).contains("s.json");
        assertThat(c.secretFile()).isEqualTo(Path.of("k"));
        assertThat(c.readyFile()).contains(Path.of("r.json"));
        assertThat(c.node()).contains("a1");
        assertThat(c.heartbeat().toSeconds()).isEqualTo(20);
        assertThat(Main.config(Main.parse(new String[] {"serve", "--data-dir", dir.toString()}, java.util.Set.of("--data-dir")))
                .secretFile()).isEqualTo(dir.resolve("secret"));
    }

    @Test
    void tlsCertAndKeyGoTogether(@TempDir Path dir) {
        int code = run("serve", "--data-dir", dir.toString(), "--tls-cert", "cert.pem");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--tls-cert and --tls-key must be given together");
        ServerConfig c = Main.config(Main.parse(new String[] {"serve", "--data-dir", dir.toString(),
                "--tls-cert", "c.pem", "--tls-key", "k.pem", "--bind", "127.0.0.1"}, Main.SERVE_OPTIONS));
        assertThat(c.bindHost()).isEqualTo("127.0.0.1");
        assertThat(c.tlsCert()).contains(Path.of("c.pem"));
        assertThat(c.tlsKey()).contains(Path.of("k.pem"));
        assertThat(Main.config(Main.parse(new String[] {"serve", "--data-dir", dir.toString()}, Main.SERVE_OPTIONS))
                .tlsCert()).isEmpty();
    }

    @Test
    void unreadableCertificateFailsTheStartWithExitOne(@TempDir Path dir) {
        // TLS is loaded before anything else starts, so this returns without a Redis or a port
        int code = run("serve", "--data-dir", dir.toString(), "--port", "0", "--http-port", "0",
                "--tls-cert", dir.resolve("missing.pem").toString(), "--tls-key", dir.resolve("missing.key").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read " + dir.resolve("missing.pem"));
        assertThat(dir.resolve("redis")).doesNotExist();
    }

    @Test
    void adminPortAndHostDefaultToLoopback7481OrAnyPortBesideAnyHttpPort(@TempDir Path dir) {
        ServerConfig defaults = Main.config(Main.parse(new String[] {"serve", "--data-dir", dir.toString()},
                Main.SERVE_OPTIONS));
        assertThat(defaults.adminHost()).isEqualTo("127.0.0.1");
        assertThat(defaults.adminPort()).isEqualTo(7481);
        ServerConfig anyPort = Main.config(Main.parse(new String[] {"serve", "--data-dir", dir.toString(),
                "--http-port", "0"}, Main.SERVE_OPTIONS));
        assertThat(anyPort.adminPort()).isZero();
        ServerConfig set = Main.config(Main.parse(new String[] {"serve", "--data-dir", dir.toString(),
                "--http-port", "0", "--admin-port", "9090", "--admin-host", "10.0.0.5"}, Main.SERVE_OPTIONS));
        assertThat(set.adminPort()).isEqualTo(9090);
        assertThat(set.adminHost()).isEqualTo("10.0.0.5");
        assertThat(run("serve", "--data-dir", dir.toString(), "--admin-port", "70000")).isEqualTo(2);
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
