package org.gridcast.server.notice;

import org.gridcast.server.redis.LuaScript;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LuaScriptIT extends NoticeRedisSupport {

    @Test
    void loadRegistersTheScriptUnderItsSha() {
        LuaScript script = LuaScript.named("mark_read");
        sync.scriptFlush();
        await(script.load(connection.async()));
        assertThat(sync.scriptExists(script.sha())).containsExactly(true);
    }

    @Test
    void runsAfterRedisForgotItsScripts() {
        await(store.loadScripts());
        await(store.postToUnit("g-1", draft("a"), "m-1"));
        sync.scriptFlush();

        assertThat(await(store.postToUnit("g-1", draft("b"), "m-2")).seq()).isEqualTo(2);
        assertThat(await(store.markRead("r-1", "u:g-1", 2))).isEqualTo(2);
        assertThat(sync.scriptExists(new PostUnitScript().script().sha())).containsExactly(true);
    }
}
