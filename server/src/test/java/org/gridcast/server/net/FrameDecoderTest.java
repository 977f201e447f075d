package org.gridcast.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The TCP frame decoder on a real pipeline (EmbeddedChannel), with every buffer from one
 * counting allocator so a leak shows: frames whole, in pieces cut at every byte, several per
 * read, empty ones; a length over the limit refused at its prefix with everything after dropped.
 */
class FrameDecoderTest {
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    FrameDecoderTest() {
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new FrameDecoder());
    }

    @Test
    void framesCutAtEveryByteComeOutWholeAndInOrder() {
        byte[] stream = concat(frame(bytes(0, 300)), frame(new byte[0]), frame(bytes(7, 5)), frame(bytes(1, Frames.MAX_FRAME_BYTES)));
        for (int cut = 1; cut < 12; cut++) {
            List<byte[]> out = feedInPieces(stream, cut);
            assertThat(out).as("pieces of %d bytes", cut).hasSize(4);
            assertThat(out.get(0)).isEqualTo(bytes(0, 300));
            assertThat(out.get(1)).isEmpty();
            assertThat(out.get(2)).isEqualTo(bytes(7, 5));
            assertThat(out.get(3)).isEqualTo(bytes(1, Frames.MAX_FRAME_BYTES));
        }
        assertThat(feedInPieces(stream, stream.length)).hasSize(4);
        channel.finishAndReleaseAll();
        assertNothingAllocated();
    }

    @Test
    void aLengthOverTheLimitIsRefusedAtItsPrefixAndWhatFollowsIsDropped() {
        byte[] tooLong = {0x00, 0x01, 0x00, 0x01};   // 65,537 bytes announced, the limit is 65,536
        channel.writeInbound(buffer(frame(bytes(3, 10))));
        ByteBuf first = channel.readInbound();
        assertThat(first.readableBytes()).isEqualTo(10);
        first.release();

        assertThatThrownBy(() -> channel.writeInbound(buffer(concat(tooLong, frame(bytes(4, 4))))))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("65537");
        channel.writeInbound(buffer(frame(bytes(5, 5))));
        assertThat((Object) channel.readInbound()).as("nothing passes after the violation").isNull();
        channel.finishAndReleaseAll();
        assertNothingAllocated();
    }

    @Test
    void aTooLongPrefixArrivingInPiecesIsRefusedToo() {
        channel.writeInbound(buffer(new byte[] {(byte) 0xff, (byte) 0xff}));
        assertThatThrownBy(() -> channel.writeInbound(buffer(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3})))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("4294967295");
        assertThat((Object) channel.readInbound()).isNull();
        channel.finishAndReleaseAll();
        assertNothingAllocated();
    }

    @Test
    void aFrameOfExactlyTheLimitPasses() {
        List<byte[]> out = feedInPieces(frame(bytes(9, Frames.MAX_FRAME_BYTES)), 4_000);
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).hasSize(Frames.MAX_FRAME_BYTES);
        channel.finishAndReleaseAll();
        assertNothingAllocated();
    }

    @Test
    void aHalfFrameIsFreedWhenTheConnectionCloses() {
        byte[] whole = frame(bytes(2, 1_000));
        byte[] half = new byte[600];
        System.arraycopy(whole, 0, half, 0, half.length);
        channel.writeInbound(buffer(half));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(alloc.metric().usedHeapMemory()).as("the half frame is held").isPositive();
        channel.close();
        channel.finishAndReleaseAll();
        assertNothingAllocated();
    }

    private List<byte[]> feedInPieces(byte[] stream, int piece) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < stream.length; at += piece) {
            byte[] part = new byte[Math.min(piece, stream.length - at)];
            System.arraycopy(stream, at, part, 0, part.length);
            channel.writeInbound(buffer(part));
            for (ByteBuf frame; (frame = channel.readInbound()) != null; ) {
                byte[] b = new byte[frame.readableBytes()];
                frame.readBytes(b);
                frame.release();
                out.add(b);
            }
        }
        return out;
    }

    private ByteBuf buffer(byte[] bytes) {
        return alloc.heapBuffer(bytes.length).writeBytes(bytes);
    }

    private void assertNothingAllocated() {
        assertThat(alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory()).as("bytes still allocated").isZero();
    }

    private static byte[] frame(byte[] body) {
        return concat(new byte[] {(byte) (body.length >>> 24), (byte) (body.length >>> 16),
                (byte) (body.length >>> 8), (byte) body.length}, body);
    }

    private static byte[] bytes(int seed, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 31);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
