package org.gridcast.loadtest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisCommandStatsTest {
    /** Redis 7's reply to INFO commandstats: CRLF lines, subcommands named with a bar. */
    static final String BEFORE = "# Commandstats\r\n"
            + "cmdstat_hello:calls=3,usec=41,usec_per_call=13.67,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_evalsha:calls=120,usec=9000,usec_per_call=75.00,rejected_calls=0,failed_calls=2\r\n"
            + "cmdstat_publish:calls=40,usec=400,usec_per_call=10.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_config|get:calls=1,usec=31,usec_per_call=31.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_client|setinfo:calls=0,usec=0,usec_per_call=0.00,rejected_calls=4,failed_calls=0\r\n"
            + "\r\n";
    static final String AFTER = "# Commandstats\r\n"
            + "cmdstat_hello:calls=3,usec=41,usec_per_call=13.67,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_evalsha:calls=520,usec=39000,usec_per_call=75.00,rejected_calls=0,failed_calls=2\r\n"
            + "cmdstat_publish:calls=240,usec=2400,usec_per_call=10.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_hset:calls=200,usec=600,usec_per_call=3.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_config|get:calls=1,usec=31,usec_per_call=31.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_client|setinfo:calls=0,usec=0,usec_per_call=0.00,rejected_calls=4,failed_calls=0\r\n"
            + "cmdstat_info:calls=1,usec=52,usec_per_call=52.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_zadd:calls=200,usec=800,usec_per_call=4.00,rejected_calls=0,failed_calls=0\r\n";

    @Test
    void readsTheCallsOfEveryCommand() {
        RedisCommandStats s = RedisCommandStats.parse(BEFORE);

        assertThat(s.calls()).containsExactly(Map.entry("hello", 3L), Map.entry("evalsha", 120L),
                Map.entry("publish", 40L), Map.entry("config|get", 1L), Map.entry("client|setinfo", 0L));
        assertThat(s.total()).isEqualTo(164);
        assertThat(s.calls("hset")).isZero();
    }

    @Test
    void theDifferenceHoldsWhatRanInBetween() {
        RedisCommandStats ran = RedisCommandStats.parse(AFTER).minus(RedisCommandStats.parse(BEFORE));

        assertThat(ran.calls()).containsExactly(Map.entry("evalsha", 400L), Map.entry("publish", 200L),
                Map.entry("hset", 200L), Map.entry("info", 1L), Map.entry("zadd", 200L));
        assertThat(ran.total()).isEqualTo(1001);
    }

    @Test
    void topIsMostCallsFirstAndTiesByName() {
        RedisCommandStats ran = RedisCommandStats.parse(AFTER).minus(RedisCommandStats.parse(BEFORE));

        Map<String, Long> want = new LinkedHashMap<>();
        want.put("evalsha", 400L);
        want.put("hset", 200L);
        want.put("publish", 200L);
        assertThat(ran.top(3)).containsExactlyEntriesOf(want);
        assertThat(ran.top(10)).hasSize(5);
        assertThat(RedisCommandStats.parse("").top(5)).isEmpty();
    }

    @Test
    void lessTakesOutTheReadersOwnCalls() {
        RedisCommandStats s = RedisCommandStats.parse(AFTER).less("info", 1);

        assertThat(s.calls("info")).isZero();
        assertThat(s.total()).isEqualTo(1164);
        assertThat(RedisCommandStats.parse(BEFORE).less("info", 0).calls()).doesNotContainKey("info");
        assertThatThrownBy(() -> RedisCommandStats.parse(BEFORE).less("info", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResetBetweenReadingsIsNotADifference() {
        RedisCommandStats before = RedisCommandStats.parse(AFTER);

        assertThatThrownBy(() -> RedisCommandStats.parse(BEFORE).minus(before))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("reset");
        assertThatThrownBy(() -> RedisCommandStats.parse("cmdstat_evalsha:calls=600\r\n").minus(before))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("reset");
    }

    @Test
    void otherInfoSectionsAreIgnored() {
        String full = "# Server\r\nredis_version:7.0.15\r\ntcp_port:6379\r\n\r\n# Commandstats\r\n"
                + "cmdstat_ping:calls=9,usec=9,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r\n"
                + "\r\n# Errorstats\r\nerrorstat_ERR:count=4\r\n";

        assertThat(RedisCommandStats.parse(full).calls()).containsExactly(Map.entry("ping", 9L));
    }

    @Test
    void aCommandLineWithoutCallsIsAnError() {
        assertThatThrownBy(() -> RedisCommandStats.parse("cmdstat_get:usec=5\r\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cmdstat_get");
    }
}
