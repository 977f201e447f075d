package org.gridcast.server.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.gridcast.server.testing.MaximalNotices.widest;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.FetchResult;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticePush;
import org.gridcast.protocol.PostNotice;
import org.gridcast.server.auth.TokenService;
import org.gridcast.server.directory.DirectoryStore;
import org.gridcast.server.net.Envelopes;
import org.gridcast.server.net.Frames;
import org.gridcast.server.testing.MaximalNotices;
import org.junit.jupiter.api.Test;

/**
 * The largest notice the limits let anyone post, with the largest metadata the server adds, fits
 * in one frame on its own: as a page of one (a Fetch page always returns at least one entry, so
 * this is what keeps every channel syncable), as a push, and as the post that created it. And a
 * page filled to the byte budget fits, with the worst channel, request id and head around it.
 */
class MaximalNoticeTest {
    /** A member or unit id at its limit, in four-byte characters. */
    private static final String LONGEST_ID = widest(TokenService.MAX_ID_CHARS);
    private static final String LONGEST_CHANNEL = "u:" + widest(NoticeLimits.MAX_CHANNEL_CHARS - 2);
    private static final long MAX_UINT64 = -1L;

    @Test
    void aMaximalNoticeIsWithinTheLimitsAndFitsInOneFrameEveryWayItTravels() {
        PostNotice post = PostNotice.newBuilder().setUnit(LONGEST_ID).setBody(MaximalNotices.body(""))
                .setClientMsgId("c".repeat(NoticeLimits.MAX_CLIENT_MSG_ID_CHARS)).build();
        assertThatCode(() -> NoticeValidator.check(post)).doesNotThrowAnyException();

        Notice stored = Notice.newBuilder()
                .setChannel(LONGEST_CHANNEL).setSeq(MAX_UINT64).setUnit(LONGEST_ID)
                .setSender(LONGEST_ID).setSenderName(widest(DirectoryStore.MAX_NAME_LENGTH))
                .setPostedAtMs(MAX_UINT64).setBody(post.getBody())
                .setOriginChannel("o:" + LONGEST_ID).setOriginSeq(MAX_UINT64).setKind(NoticeStore.KIND_NOTICE)
                .build();
        int entry = CodedOutputStream.computeMessageSize(FetchResult.NOTICES_FIELD_NUMBER, stored);
        assertThat(entry - stored.getSerializedSize()).isLessThanOrEqualTo(NoticeLimits.FETCH_ENTRY_OVERHEAD_BYTES);
        assertThat(stored.getSerializedSize() + NoticeLimits.FETCH_ENTRY_OVERHEAD_BYTES)
                .isLessThanOrEqualTo(NoticeLimits.FETCH_PAGE_BYTES);

        Envelope page = Envelopes.wrap(MAX_UINT64, FetchResult.newBuilder().setChannel(LONGEST_CHANNEL)
                .addNotices(stored).setHead(MAX_UINT64).build()).build();
        assertThat(page.getSerializedSize()).isLessThanOrEqualTo(Frames.MAX_FRAME_BYTES);
        Envelope push = Envelopes.push(NoticePush.newBuilder().setNotice(stored).setUnreadTotal(MAX_UINT64).build());
        assertThat(push.getSerializedSize()).isLessThanOrEqualTo(Frames.MAX_FRAME_BYTES);
        Envelope request = Envelopes.wrap(MAX_UINT64, post).build();
        assertThat(request.getSerializedSize()).isLessThanOrEqualTo(Frames.MAX_FRAME_BYTES);
    }

    @Test
    void aPageFilledExactlyToTheBudgetFitsInOneFrameWithTheWorstEnvelopeAroundIt() {
        // one entry whose bytes in the page (tag + length + notice) are exactly the budget
        int noticeBytes = NoticeLimits.FETCH_PAGE_BYTES - NoticeLimits.FETCH_ENTRY_OVERHEAD_BYTES;
        Notice filler = Notice.newBuilder().setExtra(ByteString.copyFrom(new byte[noticeBytes - 4])).build();
        assertThat(filler.getSerializedSize()).isEqualTo(noticeBytes);
        assertThat(CodedOutputStream.computeMessageSize(FetchResult.NOTICES_FIELD_NUMBER, filler))
                .isEqualTo(NoticeLimits.FETCH_PAGE_BYTES);

        Envelope page = Envelopes.wrap(MAX_UINT64, FetchResult.newBuilder().setChannel(LONGEST_CHANNEL)
                .addNotices(filler).setHead(MAX_UINT64).build()).build();
        assertThat(page.getSerializedSize()).isLessThanOrEqualTo(Frames.MAX_FRAME_BYTES);
    }
}
