package org.gridcast.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.gridcast.protocol.Envelope;
import org.gridcast.server.testing.EmbeddedSocketChannel;
import org.gridcast.server.testing.FuzzPipeline;

/**
 * Fuzzes the TCP connection pipeline exactly as {@link GridcastInitializer} builds it (length
 * prefix framing, envelope decoding, version check, rate limit, login gate, dispatcher, exception
 * tail) with arbitrary bytes arriving in arbitrary pieces. Invariants:
 * <ul>
 * <li>the only exception is the typed framing violation, TooLongFrameException, and only
 *     when a header in the input announces more than {@link Frames#MAX_FRAME_BYTES} (the
 *     length is unsigned);</li>
 * <li>no frame longer than the limit gets past the framing, and a connection that sent a bad
 *     length is closed;</li>
 * <li>every byte the server sends is a length-prefixed Envelope, and a closed connection was told
 *     why (an Error envelope) unless it was closed before saying anything;</li>
 * <li>no buffer leaks: every byte allocated for the connection is freed when it ends.</li>
 * </ul>
 * Without JAZZER_FUZZ the inputs under {@code TcpFramesFuzzTestInputs/} replay as ordinary tests;
 * {@code scripts/fuzz.sh tcp} fuzzes.
 */
class TcpFramesFuzzTest {
    private static final GridcastInitializer TCP = new GridcastInitializer(FuzzPipeline.SESSIONS);

    @FuzzTest(maxDuration = "10m")
    void arbitraryBytes(FuzzedDataProvider data) throws IOException {
        int[] pieces = new int[data.consumeInt(0, 6)];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = data.consumeInt(1, 80_000);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        long inUse = FuzzPipeline.bytesInUse();
        EmbeddedSocketChannel ch = FuzzPipeline.open(TCP);
        try {
            ch.pipeline().addAfter("framing", "frame-size-witness", new FrameSizeWitness());
            FuzzPipeline.Exceptions exceptions = FuzzPipeline.watchExceptions(ch, new FuzzPipeline.Exceptions());
            int fed = 0;
            for (int i = 0; fed < stream.length && ch.isOpen(); i++) {
                int n = i < pieces.length ? Math.min(pieces[i], stream.length - fed) : stream.length - fed;
                FuzzPipeline.feed(ch, FuzzPipeline.bytes(stream, fed, n), exceptions);
                fed += n;
            }

            boolean oversized = hasOversizedLength(stream, fed);
            for (Throwable e : exceptions.seen) {
                if (!(e instanceof TooLongFrameException)) {
                    throw new AssertionError("unexpected exception in the TCP pipeline", e);
                }
                assertThat(oversized).as("TooLongFrameException without a length over the limit").isTrue();
            }
            if (ch.isOpen()) {
                assertThat(oversized).as("connection left open after a length over the limit").isFalse();
            }
            boolean closed = !ch.isOpen();
            Envelope last = null;
            for (Object out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
                last = readFrame(out);
            }
            if (closed && last != null) {
                assertThat(last.hasError()).as("last words of a closed connection").isTrue();
            }
        } finally {
            ch.finishAndReleaseAll();
        }
        FuzzPipeline.assertNothingLeaked(inUse);
    }

    /** One server frame: 4-byte length equal to what follows, then an Envelope. Releases it. */
    private static Envelope readFrame(Object out) throws InvalidProtocolBufferException, IOException {
        assertThat(out).isInstanceOf(ByteBuf.class);
        ByteBuf frame = (ByteBuf) out;
        try {
            assertThat(frame.readInt()).isEqualTo(frame.readableBytes());
            return Envelope.parseFrom(new ByteBufInputStream(frame));
        } finally {
            frame.release();
        }
    }

    /**
     * True when a frame header in {@code stream[0, fed)} announces more than the limit. The
     * length is unsigned: 0xFFFFFFFF is 4 GiB, not -1, so the only violation is "too long".
     */
    static boolean hasOversizedLength(byte[] stream, int fed) {
        long at = 0;
        while (at + Frames.LENGTH_BYTES <= fed) {
            int i = (int) at;
            long length = ((stream[i] & 0xffL) << 24) | ((stream[i + 1] & 0xff) << 16)
                    | ((stream[i + 2] & 0xff) << 8) | (stream[i + 3] & 0xff);
            if (length > Frames.MAX_FRAME_BYTES) {
                return true;
            }
            at += Frames.LENGTH_BYTES + length;
        }
        return false;
    }

    /** Sits right after the framing: nothing longer than the limit may come out of it. */
    private static final class FrameSizeWitness extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            assertThat(msg).isInstanceOf(ByteBuf.class);
            assertThat(((ByteBuf) msg).readableBytes()).isLessThanOrEqualTo(Frames.MAX_FRAME_BYTES);
            ctx.fireChannelRead(msg);
        }
    }
}
