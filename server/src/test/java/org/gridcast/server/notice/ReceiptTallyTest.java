package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.ReceiptList;
import org.gridcast.protocol.Receipts;
import org.gridcast.server.GridcastException;
import org.junit.jupiter.api.Test;

class ReceiptTallyTest {
    private static final List<MemberReceipt> AUDIENCE = List.of(
            new MemberReceipt("d", true, true),
            new MemberReceipt("a", false, false),
            new MemberReceipt("c", true, false),
            new MemberReceipt("b", false, false),
            new MemberReceipt("e", true, false));

    @Test
    void countsWithoutAList() {
        assertThat(ReceiptTally.tally(AUDIENCE, ReceiptList.RECEIPT_LIST_NONE, "", 2)).isEqualTo(
                Receipts.newBuilder().setMembers(5).setRead(3).setUnread(2).setConfirmed(1).build());
    }

    @Test
    void pagesTheAskedListInMemberOrder() {
        Receipts first = ReceiptTally.tally(AUDIENCE, ReceiptList.READ, "", 2);
        Receipts second = ReceiptTally.tally(AUDIENCE, ReceiptList.READ, first.getNextPageToken(), 2);

        assertThat(first.getListList()).containsExactly("c", "d");
        assertThat(first.getNextPageToken()).isEqualTo(ReceiptTally.token("d"));
        assertThat(second.getListList()).containsExactly("e");
        assertThat(second.getNextPageToken()).isEmpty();
        assertThat(ReceiptTally.tally(AUDIENCE, ReceiptList.UNREAD, "", 2).getListList()).containsExactly("a", "b");
        assertThat(ReceiptTally.tally(AUDIENCE, ReceiptList.UNREAD, "", 2).getNextPageToken()).isEmpty();
        assertThat(ReceiptTally.tally(AUDIENCE, ReceiptList.CONFIRMED, "", 2).getListList()).containsExactly("d");
    }

    @Test
    void aBadTokenIsABadRequest() {
        GridcastException e = catchThrowableOfType(GridcastException.class,
                () -> ReceiptTally.tally(AUDIENCE, ReceiptList.READ, "***", 2));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }
}
