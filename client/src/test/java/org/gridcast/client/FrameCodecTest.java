package org.gridcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Fetch;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.PostNotice;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final Envelope FETCH = Envelope.newBuilder().setVersion(1).setRequestId(7)
            .setFetch(Fetch.newBuilder().setChannel("u:所前镇").setAfterSeq(42).setLimit(200)).build();

    @Test
    void frameIsABigEndianLengthThenTheEnvelope() throws Exception {
        byte[] frame = FrameCodec.encode(FETCH, 1024);
        int size = FETCH.getSerializedSize();
        assertThat(frame).hasSize(4 + size);
        assertThat(Arrays.copyOf(frame, 4)).containsExactly(0, 0, 0, size);
        assertThat(Envelope.parseFrom(Arrays.copyOfRange(frame, 4, frame.length))).isEqualTo(FETCH);
    }

    @Test
    void framesRoundTripBackToBack() throws Exception {
        Envelope second = Envelope.newBuilder().setVersion(1).setRequestId(8).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameCodec.write(out, FETCH, 1024);
        FrameCodec.write(out, second, 1024);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(FrameCodec.read(in, 1024)).isEqualTo(FETCH);
        assertThat(FrameCodec.read(in, 1024)).isEqualTo(second);
        assertThatThrownBy(() -> FrameCodec.read(in, 1024)).isInstanceOf(EOFException.class);
    }

    @Test
    void lengthOver256BytesUsesAllPrefixBytes() throws Exception {
        Envelope big = Envelope.newBuilder().setPostNotice(PostNotice.newBuilder()
                .setBody(NoticeBody.newBuilder().setText("x".repeat(70_000)))).build();
        byte[] frame = FrameCodec.encode(big, 1 << 20);
        int size = big.getSerializedSize();
        assertThat(frame[1] & 0xff).isEqualTo((size >> 16) & 0xff);
        assertThat(frame[2] & 0xff).isEqualTo((size >> 8) & 0xff);
        assertThat(FrameCodec.read(new ByteArrayInputStream(frame), 1 << 20)).isEqualTo(big);
    }

    @Test
    void oversizeEnvelopeIsRefusedBeforeWriting() {
        Envelope big = Envelope.newBuilder().setPostNotice(PostNotice.newBuilder()
                .setBody(NoticeBody.newBuilder().setText("x".repeat(65 * 1024)))).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> FrameCodec.write(out, big, ClientOptions.DEFAULT_MAX_FRAME_BYTES))
                .isInstanceOf(FrameCodec.FrameTooLargeException.class)
                .satisfies(e -> assertThat(((FrameCodec.FrameTooLargeException) e).length()).isEqualTo(big.getSerializedSize()));
        assertThat(out.size()).isZero();
    }

    @Test
    void oversizeIncomingLengthIsRefusedWithoutReadingTheBody() {
        byte[] prefix = {0, 1, 0, 1}; // 65,537 bytes announced, none sent
        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(prefix), 65_536))
                .isInstanceOf(FrameCodec.FrameTooLargeException.class)
                .satisfies(e -> assertThat(((FrameCodec.FrameTooLargeException) e).length()).isEqualTo(65_537));
    }

    @Test
    void frameOfExactlyTheLimitIsAccepted() throws Exception {
        Envelope e = Envelope.newBuilder().setPostNotice(PostNotice.newBuilder().setClientMsgId("a")).build();
        int size = e.getSerializedSize();
        byte[] frame = FrameCodec.encode(e, size);
        assertThat(FrameCodec.read(new ByteArrayInputStream(frame), size)).isEqualTo(e);
    }

    @Test
    void negativeLengthIsRefused() {
        byte[] prefix = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe};
        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(prefix), 65_536))
                .isInstanceOf(FrameCodec.FrameTooLargeException.class);
    }

    @Test
    void truncatedFrameIsAnEndOfStream() throws Exception {
        byte[] frame = FrameCodec.encode(FETCH, 1024).clone();
        byte[] truncated = Arrays.copyOf(frame, frame.length - 3);
        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(truncated), 1024)).isInstanceOf(EOFException.class);
    }

    @Test
    void garbageBodyIsAProtocolError() {
        byte[] frame = {0, 0, 0, 2, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(frame), 1024))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }
}
