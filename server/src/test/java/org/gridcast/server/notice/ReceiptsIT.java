package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Receipts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReceiptsIT extends NoticeRedisSupport {

    private static Receipts counts(long members, long read, long confirmed) {
        return Receipts.newBuilder().setMembers(members).setRead(read).setUnread(members - read)
                .setConfirmed(confirmed).build();
    }

    @Test
    void unitReceiptsLeaveOutLaterMembersAndCountReadAndConfirmed() {
        List<String> audience = List.of("r-a", "r-b", "r-c", "r-d", "r-late");
        await(store.postToUnit("g-1", draft("old"), "m-0"));
        for (String m : audience.subList(0, 4)) {
            await(store.followFromStart(m, List.of("u:g-1")));
        }
        await(store.postToUnit("g-1", draft("the one"), "m-1"));
        await(store.follow("r-late", List.of("u:g-1")));
        await(store.postToUnit("g-1", draft("later"), "m-2"));
        await(store.markRead("r-b", "u:g-1", 2));
        await(store.markRead("r-c", "u:g-1", 3));
        await(store.confirm("r-d", "u:g-1", 2));
        await(store.markRead("r-late", "u:g-1", 3));

        assertThat(await(store.receipts("u:g-1", 2, audience, ReceiptList.RECEIPT_LIST_NONE, "", 0)))
                .isEqualTo(counts(4, 3, 1));
        assertThat(await(store.receipts("u:g-1", 2, audience, ReceiptList.UNREAD, "", 0)).getListList())
                .containsExactly("r-a");
        assertThat(await(store.receipts("u:g-1", 2, audience, ReceiptList.CONFIRMED, "", 0)).getListList())
                .containsExactly("r-d");
        assertThat(await(store.receipts("u:g-1", 3, audience, ReceiptList.READ, "", 0)))
                .isEqualTo(counts(5, 2, 0).toBuilder().addList("r-c").addList("r-late").build());
    }

    @Test
    void largeAudienceIsCountedInChunksAndPagedInOrder() {
        List<String> audience = new ArrayList<>(IntStream.range(0, 2_500).mapToObj(i -> String.format("m%05d", i)).toList());
        java.util.Collections.shuffle(audience, new java.util.Random(7));
        await(store.postToUnit("g-1", draft("a"), "m-1"));
        for (int i = 0; i < 2_500; i += 2) {
            sync.hset("ch:{u:g-1}:read", String.format("m%05d", i), "1".getBytes());
        }

        Receipts page1 = await(store.receipts("u:g-1", 1, audience, ReceiptList.READ, "", 1_000));
        Receipts page2 = await(store.receipts("u:g-1", 1, audience, ReceiptList.READ, page1.getNextPageToken(), 1_000));

        assertThat(page1.getMembers()).isEqualTo(2_500);
        assertThat(page1.getRead()).isEqualTo(1_250);
        assertThat(page1.getUnread()).isEqualTo(1_250);
        assertThat(page1.getListList()).hasSize(1_000).startsWith("m00000", "m00002").endsWith("m01998");
        assertThat(page2.getListList()).hasSize(250).startsWith("m02000").endsWith("m02498");
        assertThat(page2.getNextPageToken()).isEmpty();
    }

    @Test
    void directReceiptsUseRecipientsAndTheirInboxCursors() {
        await(store.appendToInbox("r-2", draft("before"), "x"));
        Posted posted = await(store.postDirect("staff-1", List.of("r-1", "r-2", "r-3"), draft("a"), "m-1"));
        await(store.markRead("r-1", "i:r-1", 1));
        await(store.markRead("r-2", "i:r-2", 1));
        await(store.confirm("r-3", "i:r-3", 1));

        Receipts unread = await(store.receipts(posted.channel(), posted.seq(), List.of("ignored"), ReceiptList.UNREAD, "", 1));
        assertThat(unread).isEqualTo(counts(3, 2, 1).toBuilder().addList("r-2").build());
        Receipts read = await(store.receipts(posted.channel(), posted.seq(), List.of(), ReceiptList.READ, "", 1));
        assertThat(read.getListList()).containsExactly("r-1");
        Receipts read2 = await(store.receipts(posted.channel(), posted.seq(), List.of(), ReceiptList.READ,
                read.getNextPageToken(), 1));
        assertThat(read2.getListList()).containsExactly("r-3");
        assertThat(read2.getNextPageToken()).isEmpty();
    }
}
