package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Notice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NoticeFetchIT extends NoticeRedisSupport {

    private static List<Long> seqs(List<Notice> notices) {
        return notices.stream().map(Notice::getSeq).toList();
    }

    @Test
    void pagesThroughTheChannelAndStopsAtTheHead() {
        for (int i = 1; i <= 250; i++) {
            await(store.postToUnit("g-1", draft("n" + i), "m-" + i));
        }
        List<Notice> first = await(store.fetch("u:g-1", 0, 0));
        List<Notice> second = await(store.fetch("u:g-1", 100, 200));
        List<Notice> tail = await(store.fetch("u:g-1", 240, 50));

        assertThat(seqs(first)).isEqualTo(LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(seqs(second)).isEqualTo(LongStream.rangeClosed(101, 250).boxed().toList());
        assertThat(seqs(tail)).isEqualTo(LongStream.rangeClosed(241, 250).boxed().toList());
        assertThat(second.get(0).getBody().getTitle()).isEqualTo("n101");
        assertThat(await(store.fetch("u:g-1", 250, 10))).isEmpty();
        assertThat(await(store.fetch("u:nothing", 0, 10))).isEmpty();
    }

    @Test
    void refusesAPageOverTheLimit() {
        assertThat(failure(store.fetch("u:g-1", 0, NoticeLimits.MAX_FETCH_LIMIT + 1)).code())
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    }

    @Test
    void noticeReturnsOneEntry() {
        Posted posted = await(store.postToUnit("g-1", draft("a"), "m-1"));
        assertThat(await(store.notice("u:g-1", 1))).contains(posted.stored());
        assertThat(await(store.notice("u:g-1", 2))).isEmpty();
    }
}
