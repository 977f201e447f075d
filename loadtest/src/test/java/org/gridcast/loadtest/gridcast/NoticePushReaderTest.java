package org.gridcast.loadtest.gridcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Notice;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.protocol.NoticePush;
import org.gridcast.protocol.UnreadPush;
import org.junit.jupiter.api.Test;

class NoticePushReaderTest {
    private static final Notice NOTICE = Notice.newBuilder()
            .setChannel("u:t1-c1").setSeq(42).setUnit("t1-c1").setSender("t1-c1-s1").setSenderName("社区工作人员")
            .setPostedAtMs(1_700_000_000_000L)
            .setBody(NoticeBody.newBuilder().setTitle("防汛通知").setText("r1 lt 3 42 -17 xxxx").setCategory("防汛")
                    .addAttachments("https://example.org/a.jpg").setNeedsConfirm(true))
            .setKind("notice").build();

    private static ByteBuf frame(Envelope e) {
        return Unpooled.wrappedBuffer(e.toByteArray());
    }

    @Test
    void readsChannelAndTextOfANoticePush() {
        Envelope push = Envelope.newBuilder().setVersion(1)
                .setNoticePush(NoticePush.newBuilder().setNotice(NOTICE).setUnreadTotal(7)).build();
        assertThat(NoticePushReader.read(frame(push))).containsExactly("u:t1-c1", "r1 lt 3 42 -17 xxxx");
    }

    @Test
    void leavesRepliesAndOtherPushesToTheFullDecoder() {
        Envelope reply = Envelope.newBuilder().setVersion(1).setRequestId(5)
                .setNoticePush(NoticePush.newBuilder().setNotice(NOTICE)).build();
        Envelope unread = Envelope.newBuilder().setVersion(1)
                .setUnreadPush(UnreadPush.newBuilder().setChannel("u:t1").setRead(3).setUnreadTotal(1)).build();
        Envelope posted = Envelope.newBuilder().setVersion(1).setRequestId(9)
                .setNoticePosted(NoticePosted.newBuilder().setChannel("u:t1").setSeq(1)).build();
        assertThat(NoticePushReader.read(frame(reply))).isNull();
        assertThat(NoticePushReader.read(frame(unread))).isNull();
        assertThat(NoticePushReader.read(frame(posted))).isNull();
    }

    @Test
    void garbageIsNotANotice() {
        assertThat(NoticePushReader.read(Unpooled.wrappedBuffer(new byte[] {(byte) 0x92, 0x03, 0x7f, 0x01}))).isNull();
        assertThat(NoticePushReader.read(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff}))).isNull();
    }
}
