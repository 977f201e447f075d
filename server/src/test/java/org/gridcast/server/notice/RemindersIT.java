package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.Reminded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RemindersIT extends NoticeRedisSupport {
    private static final Duration COOLDOWN = Duration.ofMinutes(30);

    @Test
    void remindsOnlyUnreadMembersOnceUntilTheCooldownEnds() throws Exception {
        List<String> audience = List.of("r-1", "r-2", "r-3");
        for (String m : audience) {
            await(store.followFromStart(m, List.of("u:g-1")));
        }
        await(store.postToUnit("g-1", draft("a"), "m-1"));
        await(store.markRead("r-2", "u:g-1", 1));

        Reminded reminded = await(store.remindUnread("u:g-1", 1, audience, draft("请尽快阅读"), COOLDOWN));

        assertThat(reminded).isEqualTo(Reminded.newBuilder().setReminded(2).setChannel("i:r-1").build());
        Notice entry = Notice.parseFrom(sync.hget("ch:{i:r-3}:log", "1"));
        assertThat(entry.getKind()).isEqualTo("reminder");
        assertThat(entry.getOriginChannel()).isEqualTo("u:g-1");
        assertThat(entry.getOriginSeq()).isEqualTo(1);
        assertThat(entry.getBody().getTitle()).isEqualTo("请尽快阅读");
        assertThat(sync.exists("ch:{i:r-2}:log")).isZero();
        assertThat(sync.ttl("ch:{u:g-1}:remind:1")).isBetween(COOLDOWN.toSeconds() - 60, COOLDOWN.toSeconds());

        assertThat(failure(store.remindUnread("u:g-1", 1, audience, draft("again"), COOLDOWN)).code())
                .isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(sync.hget("ch:{i:r-1}:log", "head")).isEqualTo("1".getBytes());

        sync.del("ch:{u:g-1}:remind:1");
        await(store.markRead("r-1", "u:g-1", 1));
        assertThat(await(store.remindUnread("u:g-1", 1, audience, draft("again"), COOLDOWN)).getReminded()).isEqualTo(1);
        assertThat(sync.hget("ch:{i:r-3}:log", "head")).isEqualTo("2".getBytes());
    }

    @Test
    void remindsUnreadRecipientsOfADirectPost() throws Exception {
        Posted posted = await(store.postDirect("staff-1", List.of("r-1", "r-2"), draft("a"), "m-1"));
        await(store.markRead("r-1", "i:r-1", 1));

        Reminded reminded = await(store.remindUnread(posted.channel(), posted.seq(), List.of(), draft("提醒"), COOLDOWN));

        assertThat(reminded.getReminded()).isEqualTo(1);
        Notice entry = Notice.parseFrom(sync.hget("ch:{i:r-2}:log", "2"));
        assertThat(entry.getOriginChannel()).isEqualTo("o:staff-1");
        assertThat(entry.getKind()).isEqualTo("reminder");
        assertThat(sync.hget("ch:{i:r-1}:log", "head")).isEqualTo("1".getBytes());
    }

    @Test
    void missingNoticeIsNotFound() {
        assertThat(failure(store.remindUnread("u:g-1", 1, List.of("r-1"), draft("x"), COOLDOWN)).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(sync.exists("ch:{u:g-1}:remind:1")).isZero();
    }
}
