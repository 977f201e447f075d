package org.gridcast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridcast.loadtest.gridcast.Framing;
import org.gridcast.loadtest.plan.Level;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final String[] REQUIRED = {"--target", "gridcast", "--residents", "5000", "--level", "community",
            "--rate", "10", "--duration", "20"};

    private static String[] with(String... more) {
        String[] all = new String[REQUIRED.length + more.length];
        System.arraycopy(REQUIRED, 0, all, 0, REQUIRED.length);
        System.arraycopy(more, 0, all, REQUIRED.length, more.length);
        return all;
    }

    @Test
    void parsesTheContractAndDefaults() {
        Options o = Options.parse(REQUIRED);
        assertThat(o.target()).isEqualTo("gridcast");
        assertThat(o.residents()).isEqualTo(5000);
        assertThat(o.level()).isEqualTo(Level.parse("community"));
        assertThat(o.rate()).isEqualTo(10.0);
        assertThat(o.durationSeconds()).isEqualTo(20);
        assertThat(o.payloadBytes()).isEqualTo(Options.DEFAULT_PAYLOAD);
        assertThat(o.mode()).isEqualTo(Options.Mode.STEADY);
        assertThat(o.warmupSeconds()).isZero();
        assertThat(o.server()).isNull();
        assertThat(o.servers()).isEmpty();
        assertThat(o.serverHttp()).isEmpty();
        assertThat(o.serverRedis()).isNull();
    }

    @Test
    void warmupIsSecondsAndNeverNegative() {
        assertThat(Options.parse(with("--warmup", "5")).warmupSeconds()).isEqualTo(5);
        assertThat(Options.parse(with("--warmup", "5")).withRate(3).warmupSeconds()).isEqualTo(5);
        assertThatThrownBy(() -> Options.parse(with("--warmup", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--warmup must be >= 0");
    }

    @Test
    void slowReadersAreAGridcastOptionAndAtMostTheResidents() {
        assertThat(Options.parse(REQUIRED).slowReaders()).isZero();
        assertThat(Options.parse(with("--slow-readers", "50")).slowReaders()).isEqualTo(50);
        assertThat(Options.parse(with("--slow-readers", "50")).withRate(3).slowReaders()).isEqualTo(50);
        assertThatThrownBy(() -> Options.parse(with("--slow-readers", "-1")))
                .hasMessageContaining("--slow-readers must be >= 0");
        assertThatThrownBy(() -> Options.parse(with("--slow-readers", "5001")))
                .hasMessageContaining("--slow-readers must not exceed --residents");
        assertThatThrownBy(() -> Options.parse("--target", "raw", "--residents", "10", "--level", "community",
                "--rate", "1", "--duration", "1", "--slow-readers", "1"))
                .hasMessageContaining("--slow-readers goes with --target gridcast");
    }

    @Test
    void refusesWhatItCannotRun() {
        assertThatThrownBy(() -> Options.parse(with("--rate", "0"))).hasMessageContaining("--rate must be > 0");
        assertThatThrownBy(() -> Options.parse(with("--payload", "8"))).hasMessageContaining("--payload must be at least 20");
        assertThatThrownBy(() -> Options.parse(with("--bogus", "1"))).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> Options.parse("--target", "kafka")).hasMessageContaining("unknown target kafka");
        assertThatThrownBy(() -> Options.parse("--target", "raw")).hasMessageContaining("--residents");
    }

    @Test
    void aRunningServerCanNameItsHttpPortAndRedis() {
        Options o = Options.parse(with("--server", "127.0.0.1:7470",
                "--server-http", "127.0.0.1:7480", "--server-redis", "redis://127.0.0.1:6379"));

        assertThat(o.serverHttp()).containsExactly(new InetSocketAddress("127.0.0.1", 7480));
        assertThat(o.serverRedis()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(o.withRate(9).serverRedis()).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void serverHttpAndRedisGoOnlyWithARunningGridcastServer() {
        assertThatThrownBy(() -> Options.parse(with("--server-http", "127.0.0.1:7480")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--server-http");
        assertThatThrownBy(() -> Options.parse(with("--target", "nats", "--server", "127.0.0.1:4222",
                "--server-redis", "redis://127.0.0.1:6379")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--server-redis");
    }

    @Test
    void malformedServerEndpointsAreUsageErrors() {
        assertThatThrownBy(() -> Options.parse(with("--server", "127.0.0.1:7470", "--server-http", "7480")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--server-http wants HOST:PORT");
        assertThatThrownBy(() -> Options.parse(with("--server", "127.0.0.1:7470", "--server-redis", "127.0.0.1:6379")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--server-redis wants");
    }

    @Test
    void everyOptionKeepsItsNameAndMeaning() {
        Options o = Options.parse("--target", "gridcast", "--server", "127.0.0.1:7470", "--residents", "18000",
                "--level", "mixed", "--rate", "2.5", "--duration", "30", "--payload", "64",
                "--report-json", "out.json", "--report-md", "out.md", "--mode", "storm", "--connect-rate", "900",
                "--source-ips", "127.0.0.2-127.0.0.4", "--drain", "7", "--churn-share", "0.25",
                "--latency-bound-ms", "80", "--server-data", "/tmp/d", "--server-http", "127.0.0.1:7481",
                "--server-redis", "redis://127.0.0.1:6379", "--io-threads", "3", "--seed", "42",
                "--warmup", "4", "--slow-readers", "6", "--transport", "ws", "--processes", "3",
                "--connect-give-up", "45");

        assertThat(o).isEqualTo(new Options("gridcast", List.of(new InetSocketAddress("127.0.0.1", 7470)), 18000,
                Level.MIXED, 2.5, 30, 64, Path.of("out.json"), Path.of("out.md"), Options.Mode.STORM, 900,
                o.sourceIps(), 7, 0.25, 80, Path.of("/tmp/d"), List.of(new InetSocketAddress("127.0.0.1", 7481)),
                "redis://127.0.0.1:6379", 3, 42, 4, 6, Framing.WS, 3, 45));
        assertThat(o.sourceIps()).hasToString("127.0.0.2-127.0.0.4");
        assertThat(o.sourceIps().size()).isEqualTo(3);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Options o = Options.parse(REQUIRED);

        assertThat(o.connectRate()).isEqualTo(5_000);
        assertThat(o.drainSeconds()).isEqualTo(10);
        assertThat(o.churnShare()).isEqualTo(0.1);
        assertThat(o.latencyBoundMs()).isEqualTo(50.0);
        assertThat(o.sourceIps()).hasToString("127.0.0.1-127.0.0.20");
        assertThat(o.ioThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(o.seed()).isEqualTo(1);
        assertThat(o.slowReaders()).isZero();
        assertThat(o.reportJson()).isNull();
        assertThat(o.reportMarkdown()).isNull();
        assertThat(o.serverData()).isNull();
        assertThat(o.transport()).isEqualTo(Framing.TCP);
        assertThat(o.processes()).isEqualTo(1);
        assertThat(o.connectGiveUpSeconds()).isEqualTo(300);
    }

    @Test
    void processesAreGridcastWorkersInSteadyOrStormRuns() {
        assertThat(Options.parse(with("--processes", "6")).processes()).isEqualTo(6);
        assertThat(Options.parse(with("--processes", "6", "--mode", "storm")).withRate(2).processes()).isEqualTo(6);
        assertThatThrownBy(() -> Options.parse(with("--processes", "0"))).hasMessageStartingWith("--processes must be > 0");
        assertThatThrownBy(() -> Options.parse(with("--processes", "5001")))
                .hasMessageStartingWith("--processes must not exceed --residents");
        assertThatThrownBy(() -> Options.parse(with("--processes", "2", "--mode", "churn")))
                .hasMessageStartingWith("--processes goes with --mode steady or storm");
        assertThatThrownBy(() -> Options.parse(with("--processes", "2", "--mode", "ramp")))
                .hasMessageStartingWith("--processes goes with --mode steady or storm");
        assertThatThrownBy(() -> Options.parse("--target", "raw", "--residents", "10", "--level", "town",
                "--rate", "1", "--duration", "1", "--processes", "2"))
                .hasMessageStartingWith("--processes goes with --target gridcast");
    }

    @Test
    void serversAreSeveralNodesOfOneGridcastEachWithItsAdminPort() {
        Options o = Options.parse(with("--servers", "127.0.0.1:7400, 127.0.0.2:7401,127.0.0.3:7402",
                "--server-http", "127.0.0.1:7481,127.0.0.2:7482,127.0.0.3:7483"));

        assertThat(o.servers()).containsExactly(new InetSocketAddress("127.0.0.1", 7400),
                new InetSocketAddress("127.0.0.2", 7401), new InetSocketAddress("127.0.0.3", 7402));
        assertThat(o.server()).isEqualTo(new InetSocketAddress("127.0.0.1", 7400));
        assertThat(o.serverHttp()).hasSize(3).startsWith(new InetSocketAddress("127.0.0.1", 7481));
        assertThat(o.withRate(4).servers()).isEqualTo(o.servers());
        assertThat(Options.parse(with("--server", "127.0.0.1:7400")).servers())
                .containsExactly(new InetSocketAddress("127.0.0.1", 7400));

        assertThatThrownBy(() -> Options.parse(with("--servers", "127.0.0.1:7400,127.0.0.1:7400")))
                .hasMessageStartingWith("--servers names 127.0.0.1:7400 twice");
        assertThatThrownBy(() -> Options.parse(with("--servers", "127.0.0.1:7400,")))
                .hasMessageStartingWith("--servers wants HOST:PORT, got ");
        assertThatThrownBy(() -> Options.parse(with("--servers", "127.0.0.1:7400,127.0.0.1:7401",
                "--server-http", "127.0.0.1:7481"))).hasMessageStartingWith("--server-http names 1 admin ports for 2 servers");
        assertThatThrownBy(() -> Options.parse(with("--server", "127.0.0.1:7400", "--servers", "127.0.0.1:7401")))
                .hasMessageStartingWith("--server and --servers name the same thing");
        assertThatThrownBy(() -> Options.parse("--target", "nats", "--residents", "10", "--level", "town",
                "--rate", "1", "--duration", "1", "--servers", "127.0.0.1:4222,127.0.0.1:4223"))
                .hasMessageStartingWith("--servers goes with --target gridcast");
    }

    @Test
    void webSocketIsAGridcastTransport() {
        assertThat(Options.parse(with("--transport", "WS")).transport()).isEqualTo(Framing.WS);
        assertThat(Options.parse(with("--transport", "ws")).withRate(2).transport()).isEqualTo(Framing.WS);
        assertThatThrownBy(() -> Options.parse(with("--transport", "quic")))
                .hasMessageStartingWith("unknown transport quic (tcp or ws)");
        assertThatThrownBy(() -> Options.parse("--target", "nats", "--residents", "10", "--level", "town",
                "--rate", "1", "--duration", "1", "--transport", "ws"))
                .hasMessageStartingWith("--transport ws goes with --target gridcast");
    }

    @Test
    void namesAreCaseInsensitiveWhereTheyWereAndTheLastOfATwiceGivenOptionWins() {
        assertThat(Options.parse(with("--mode", "RAMP")).mode()).isEqualTo(Options.Mode.RAMP);
        assertThat(Options.parse(with("--level", "Town")).level()).isEqualTo(Level.TOWN);
        assertThat(Options.parse(with("--rate", "99")).rate()).isEqualTo(99.0);
    }

    @Test
    void aBadValueNamesTheOptionAndEndsWithTheUsage() {
        assertThatThrownBy(() -> Options.parse(with("--residents", "many")))
                .hasMessageStartingWith("Invalid value for option '--residents': 'many' is not an int")
                .hasMessageContaining("Usage:").hasMessageContaining("--slow-readers");
        assertThatThrownBy(() -> Options.parse(with("--mode", "burst"))).hasMessageStartingWith("unknown mode burst")
                .hasMessageContaining("Usage:");
        assertThatThrownBy(() -> Options.parse(with("--level", "county"))).hasMessageStartingWith("unknown level county");
        assertThatThrownBy(() -> Options.parse(with("--connect-rate", "0"))).hasMessageStartingWith("--connect-rate must be > 0");
        assertThatThrownBy(() -> Options.parse(with("--drain", "0"))).hasMessageStartingWith("--drain must be > 0");
        assertThatThrownBy(() -> Options.parse(with("--connect-give-up", "0")))
                .hasMessageStartingWith("--connect-give-up must be > 0");
        assertThatThrownBy(() -> Options.parse(with("--io-threads", "0"))).hasMessageStartingWith("--io-threads must be > 0");
        assertThatThrownBy(() -> Options.parse(with("--duration", "0"))).hasMessageStartingWith("--duration must be > 0");
        assertThatThrownBy(() -> Options.parse(with("--residents", "0"))).hasMessageStartingWith("--residents must be > 0");
        assertThatThrownBy(() -> Options.parse(with("--churn-share", "1.5"))).hasMessageStartingWith("--churn-share must be within [0, 1]");
        assertThatThrownBy(() -> Options.parse(with("--source-ips", "127.0.0.1-127.0.1.4")))
                .hasMessageStartingWith("a range may only vary the last octet");
        assertThatThrownBy(() -> Options.parse(with("--server", "127.0.0.1:70000")))
                .hasMessageStartingWith("--server wants a port within 1..65535");
        assertThatThrownBy(() -> Options.parse(with("--seed"))).hasMessageStartingWith("missing value for --seed");
        assertThatThrownBy(() -> Options.parse(with("stray"))).hasMessageStartingWith("unexpected argument stray");
        assertThatThrownBy(() -> Options.parse("--residents", "5")).hasMessageStartingWith("missing --target");
    }

    @Test
    void helpListsEveryOptionAndIsNotAnError() {
        assertThatThrownBy(() -> Options.parse("--help")).isInstanceOf(Options.HelpRequested.class)
                .hasMessageContaining("Exit codes:");
        String usage = Options.usage();
        for (String name : List.of("--target", "--server", "--residents", "--level", "--rate", "--duration",
                "--payload", "--report-json", "--report-md", "--mode", "--connect-rate", "--source-ips", "--drain",
                "--churn-share", "--latency-bound-ms", "--server-data", "--server-http", "--server-redis",
                "--io-threads", "--seed", "--warmup", "--slow-readers", "--transport", "--servers", "--processes", "--help")) {
            assertThat(usage).contains(name + (name.equals("--help") ? "" : "="));
        }
    }

    @Test
    void theToolExitsTwoOnAUsageErrorAndZeroOnHelp() throws Exception {
        Process bad = tool("--target", "gridcast", "--residents", "none");
        String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(err).startsWith("Invalid value for option '--residents'").contains("Usage:");

        Process help = tool("--help");
        String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(out).contains("--slow-readers=K");
    }

    /** The real entry point in a JVM of its own, since it ends with System.exit. */
    private static Process tool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LoadTest.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }
}
