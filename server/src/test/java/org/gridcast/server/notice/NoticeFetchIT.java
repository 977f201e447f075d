package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Notice;
import org.gridcast.server.testing.MaximalNotices;
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
    void aPageEndsBeforeTheEntryThatWouldPassTheByteBudgetButNeverComesBackEmpty() {
        for (int i = 1; i <= 10; i++) {
            await(store.postToUnit("g-1", draft(String.format("n%02d", i)), "m-" + i));
        }
        int entry = await(store.notice("u:g-1", 1)).orElseThrow().getSerializedSize()
                + NoticeLimits.FETCH_ENTRY_OVERHEAD_BYTES;
        assertThat(await(store.notice("u:g-1", 10)).orElseThrow().getSerializedSize()
                + NoticeLimits.FETCH_ENTRY_OVERHEAD_BYTES).isEqualTo(entry);

        assertThat(seqs(await(store.fetch("u:g-1", 0, 200, 3 * entry)))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(await(store.fetch("u:g-1", 0, 200, 3 * entry - 1)))).containsExactly(1L, 2L);
        assertThat(seqs(await(store.fetch("u:g-1", 3, 2, 3 * entry)))).containsExactly(4L, 5L);
        // an entry larger than the whole budget still comes, alone, so the reader moves on
        assertThat(seqs(await(store.fetch("u:g-1", 0, 200, 1)))).containsExactly(1L);
        assertThat(seqs(await(store.fetch("u:g-1", 9, 200, 1)))).containsExactly(10L);
        assertThat(await(store.fetch("u:g-1", 10, 200, 1))).isEmpty();
    }

    @Test
    void maximalNoticesComeOnePerPageEachExactlyOnce() {
        for (int i = 1; i <= 20; i++) {
            await(store.postToUnit("g-1", draft("").toBuilder().setBody(MaximalNotices.body("n" + i)).build(), "m-" + i));
        }
        List<Long> seen = new java.util.ArrayList<>();
        long after = 0;
        while (after < 20) {
            List<Notice> page = await(store.fetch("u:g-1", after, NoticeLimits.MAX_FETCH_LIMIT));
            int bytes = page.stream().mapToInt(n -> n.getSerializedSize() + NoticeLimits.FETCH_ENTRY_OVERHEAD_BYTES).sum();
            assertThat(bytes).isLessThanOrEqualTo(NoticeLimits.FETCH_PAGE_BYTES);
            assertThat(page).hasSize(1);
            assertThat(page.get(0).getBody()).isEqualTo(MaximalNotices.body("n" + (after + 1)));
            seen.addAll(seqs(page));
            after = page.get(page.size() - 1).getSeq();
        }
        assertThat(seen).isEqualTo(LongStream.rangeClosed(1, 20).boxed().toList());
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
