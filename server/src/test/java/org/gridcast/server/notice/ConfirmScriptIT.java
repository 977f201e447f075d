package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gridcast.protocol.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConfirmScriptIT extends NoticeRedisSupport {

    @Test
    void confirmRaisesReadAndIsRecordedOnce() {
        for (int i = 0; i < 3; i++) {
            await(store.postToUnit("g-1", draft("n" + i), "m-" + i));
        }
        assertThat(await(store.confirm("r-1", "u:g-1", 2))).isTrue();
        assertThat(await(store.confirm("r-1", "u:g-1", 2))).isFalse();
        assertThat(await(store.markRead("r-1", "u:g-1", 0))).isEqualTo(2);
        assertThat(sync.smembers("ch:{u:g-1}:confirm:2")).extracting(String::new).containsExactly("r-1");

        await(store.markRead("r-1", "u:g-1", 3));
        assertThat(await(store.confirm("r-1", "u:g-1", 1))).isTrue();
        assertThat(await(store.markRead("r-1", "u:g-1", 0))).isEqualTo(3);
    }

    @Test
    void missingEntryIsNotFound() {
        await(store.postToUnit("g-1", draft("a"), "m-1"));
        assertThat(failure(store.confirm("r-1", "u:g-1", 2)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure(store.confirm("r-1", "u:g-1", 0)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure(store.confirm("r-1", "i:r-1", 1)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(sync.exists("ch:{u:g-1}:confirm:2", "ch:{u:g-1}:read")).isZero();
    }

    @Test
    void confirmingAnInboxCopyConfirmsTheOutboxEntry() {
        await(store.postDirect("staff-1", List.of("r-1", "r-2"), draft("a"), "m-1"));
        assertThat(await(store.confirm("r-2", "i:r-2", 1))).isTrue();
        assertThat(sync.smembers("ch:{o:staff-1}:confirm:1")).extracting(String::new).containsExactly("r-2");
        assertThat(sync.smembers("ch:{i:r-2}:confirm:1")).extracting(String::new).containsExactly("r-2");
    }
}
