package org.gridcast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
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
        assertThat(o.serverHttp()).isNull();
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

        assertThat(o.serverHttp()).isEqualTo(new InetSocketAddress("127.0.0.1", 7480));
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
}
