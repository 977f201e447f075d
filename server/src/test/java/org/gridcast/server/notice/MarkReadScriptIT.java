package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MarkReadScriptIT extends NoticeRedisSupport {

    @Test
    void cursorOnlyRisesAndStopsAtTheHead() {
        for (int i = 0; i < 5; i++) {
            await(store.postToUnit("g-1", draft("n" + i), "m-" + i));
        }
        assertThat(await(store.markRead("r-1", "u:g-1", 3))).isEqualTo(3);
        assertThat(await(store.markRead("r-1", "u:g-1", 2))).isEqualTo(3);
        assertThat(await(store.markRead("r-1", "u:g-1", 99))).isEqualTo(5);
        assertThat(await(store.markRead("r-2", "u:empty", 4))).isEqualTo(0);
        assertThat(sync.hget("ch:{u:g-1}:read", "r-1")).isEqualTo("5".getBytes());
        assertThat(sync.hexists("ch:{u:empty}:read", "r-2")).isFalse();
    }
}
