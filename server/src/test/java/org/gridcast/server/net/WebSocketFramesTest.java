package org.gridcast.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.testing.FuzzPipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WebSocketFrames} on an EmbeddedChannel: client frames in, exact server bytes out. */
class WebSocketFramesTest {
    private static final int FIN = 0x80;
    private static final int MASK = 0x37FA213D;

    private final EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFrames());

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    @Test
    void aMaskedBinaryFrameIsPassedOnUnmasked() {
        byte[] payload = bytes(7);
        ch.writeInbound(frame(FIN | WebSocketFrames.BINARY, payload));

        assertThat(messages()).containsExactly(hex(payload));
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void framesSplitAnywhereAndSeveralInOneReadArriveWhole() {
        byte[] a = bytes(300); // 2-byte extended length
        byte[] b = bytes(3);
        ByteBuf both = Unpooled.wrappedBuffer(frame(FIN | WebSocketFrames.BINARY, a), frame(FIN | WebSocketFrames.BINARY, b));
        byte[] stream = ByteBufUtil.getBytes(both);
        both.release();
        for (byte x : stream) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        ch.writeInbound(Unpooled.wrappedBuffer(stream));

        assertThat(messages()).containsExactly(hex(a), hex(b), hex(a), hex(b));
    }

    @Test
    void aFragmentedMessageIsReassembledAroundInterleavedControlFrames() {
        byte[] ping = "are you there".getBytes(StandardCharsets.US_ASCII);
        ch.writeInbound(frame(WebSocketFrames.BINARY, bytes(0, 10)));
        ch.writeInbound(frame(FIN | WebSocketFrames.PING, ping));
        ch.writeInbound(frame(WebSocketFrames.CONTINUATION, bytes(10, 20)));
        ch.writeInbound(frame(FIN | WebSocketFrames.PONG, new byte[0]));
        assertThat(messages()).as("nothing before the last fragment").isEmpty();
        ch.writeInbound(frame(FIN | WebSocketFrames.CONTINUATION, bytes(30, 5)));

        assertThat(messages()).containsExactly(hex(bytes(0, 35)));
        assertThat(outbound()).containsExactly(hex(serverFrame(FIN | WebSocketFrames.PONG, ping)));
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aMessageOfExactlyTheLimitPassesInOneFrameOrInFragments() {
        byte[] max = bytes(Frames.MAX_FRAME_BYTES);
        ch.writeInbound(frame(FIN | WebSocketFrames.BINARY, max));
        ch.writeInbound(frame(WebSocketFrames.BINARY, Arrays.copyOfRange(max, 0, 40_000)));
        ch.writeInbound(frame(FIN | WebSocketFrames.CONTINUATION, Arrays.copyOfRange(max, 40_000, max.length)));

        assertThat(messages()).containsExactly(hex(max), hex(max));
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aFrameAnnouncingMoreThanTheLimitIsRefusedWith1009BeforeItsPayload() {
        ByteBuf header = Unpooled.buffer().writeByte(FIN | WebSocketFrames.BINARY).writeByte(0x80 | 127)
                .writeLong(Frames.MAX_FRAME_BYTES + 1L).writeInt(MASK);

        assertRefused(header, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message over 65536 bytes");
    }

    @Test
    void fragmentsAddingUpToMoreThanTheLimitAreRefusedWith1009() {
        ch.writeInbound(frame(WebSocketFrames.BINARY, bytes(40_000)));
        ch.writeInbound(frame(WebSocketFrames.CONTINUATION, bytes(25_536)));

        assertRefused(frame(FIN | WebSocketFrames.CONTINUATION, bytes(1)), WebSocketCloseStatus.MESSAGE_TOO_BIG,
                "message over 65536 bytes");
    }

    @Test
    void anUnmaskedClientFrameIsRefusedWith1002() {
        ByteBuf unmasked = Unpooled.buffer().writeByte(FIN | WebSocketFrames.BINARY).writeByte(3).writeBytes(bytes(3));

        assertRefused(unmasked, WebSocketCloseStatus.PROTOCOL_ERROR, "client frames must be masked");
    }

    @Test
    void reservedBitsAreRefusedWith1002() {
        assertRefused(frame(FIN | 0x40 | WebSocketFrames.BINARY, bytes(3)), WebSocketCloseStatus.PROTOCOL_ERROR,
                "reserved bits set");
    }

    @Test
    void reservedDataOpcodesAreRefusedWith1002() {
        assertRefused(frame(FIN | 0x3, bytes(3)), WebSocketCloseStatus.PROTOCOL_ERROR, "reserved opcode 3");
    }

    @Test
    void reservedControlOpcodesAreRefusedWith1002() {
        assertRefused(frame(FIN | 0xB, bytes(3)), WebSocketCloseStatus.PROTOCOL_ERROR, "reserved opcode 11");
    }

    @Test
    void aControlFrameOver125BytesIsRefusedWith1002() {
        assertRefused(frame(FIN | WebSocketFrames.PING, bytes(126)), WebSocketCloseStatus.PROTOCOL_ERROR,
                "control frame over 125 bytes");
    }

    @Test
    void aFragmentedControlFrameIsRefusedWith1002() {
        assertRefused(frame(WebSocketFrames.PING, bytes(3)), WebSocketCloseStatus.PROTOCOL_ERROR, "fragmented control frame");
    }

    @Test
    void aContinuationOutsideAMessageIsRefusedWith1002() {
        assertRefused(frame(FIN | WebSocketFrames.CONTINUATION, bytes(3)), WebSocketCloseStatus.PROTOCOL_ERROR,
                "continuation frame outside a message");
    }

    @Test
    void aNewMessageInsideAFragmentedOneIsRefusedWith1002() {
        ch.writeInbound(frame(WebSocketFrames.BINARY, bytes(3)));

        assertRefused(frame(FIN | WebSocketFrames.BINARY, bytes(3)), WebSocketCloseStatus.PROTOCOL_ERROR,
                "new message inside a fragmented one");
    }

    @Test
    void aLengthNotInItsShortestFormIsRefusedWith1002() {
        ByteBuf longForm = Unpooled.buffer().writeByte(FIN | WebSocketFrames.BINARY).writeByte(0x80 | 126)
                .writeShort(5).writeInt(MASK).writeBytes(masked(bytes(5)));

        assertRefused(longForm, WebSocketCloseStatus.PROTOCOL_ERROR, "frame length not in its shortest form");
    }

    @Test
    void theClientsCloseIsEchoedAndTheConnectionClosed() {
        ByteBuf body = Unpooled.buffer().writeShort(1001).writeBytes("bye".getBytes(StandardCharsets.UTF_8));
        byte[] bodyBytes = ByteBufUtil.getBytes(body);
        body.release();
        ch.writeInbound(frame(FIN | WebSocketFrames.CLOSE, bodyBytes));

        assertThat(outbound()).containsExactly(hex(serverFrame(FIN | WebSocketFrames.CLOSE, bodyBytes)));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aCloseWithoutBodyIsEchoedEmpty() {
        ch.writeInbound(frame(FIN | WebSocketFrames.CLOSE, new byte[0]));

        assertThat(outbound()).containsExactly("8800");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aCloseBodyOfOneByteIsRefusedWith1002() {
        assertRefused(frame(FIN | WebSocketFrames.CLOSE, new byte[] {3}), WebSocketCloseStatus.PROTOCOL_ERROR,
                "close frame body of one byte");
    }

    @Test
    void aCloseWithAStatusNoPeerMaySendIsRefusedWith1002() {
        assertRefused(frame(FIN | WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xED}), WebSocketCloseStatus.PROTOCOL_ERROR,
                "invalid close status 1005");
    }

    @Test
    void aCloseReasonThatIsNotUtf8IsRefusedWith1007() {
        assertRefused(frame(FIN | WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28}),
                WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "close reason is not UTF-8");
    }

    @Test
    void afterARefusalEveryFurtherByteIsDropped() {
        ByteBuf badThenGood = Unpooled.wrappedBuffer(frame(FIN | 0x3, bytes(3)), frame(FIN | WebSocketFrames.BINARY, bytes(3)));

        assertRefused(badThenGood, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved opcode 3");
    }

    @Test
    void aTextMessageGetsProtocolViolationThenACloseFrame() throws Exception {
        ch.attr(Transport.KEY).set(Transport.WEBSOCKET);
        ch.writeInbound(frame(FIN | WebSocketFrames.TEXT, "hello".getBytes(StandardCharsets.UTF_8)));
        ch.runPendingTasks();

        List<String> out = outbound();
        assertThat(out).hasSize(2);
        ByteBuf error = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(out.get(0)));
        assertThat((int) error.readUnsignedByte()).as("FIN, binary").isEqualTo(FIN | WebSocketFrames.BINARY);
        int length = error.readUnsignedByte();
        Envelope envelope = Envelope.parseFrom(ByteBufUtil.getBytes(error, error.readerIndex(), length));
        assertThat(envelope.getError().getCode()).isEqualTo(ErrorCode.PROTOCOL_VIOLATION);
        assertThat(envelope.getError().getMessage()).isEqualTo("only binary WebSocket messages carry envelopes");
        assertThat(out.get(1)).isEqualTo(closeFrame(WebSocketCloseStatus.NORMAL_CLOSURE, ""));
        assertThat(messages()).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void theServersCloseSendsACloseFrameFirstAndNothingAfterIt() {
        // the socket's close takes a moment on a real connection: pushes may still come meanwhile
        EmbeddedChannel slowClose = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
                promise.setSuccess();
            }
        }, new WebSocketFrames());
        try {
            slowClose.close();
            ByteBuf late = Unpooled.wrappedBuffer(bytes(3));
            assertThat(slowClose.writeOneOutbound(new BinaryWebSocketFrame(late)).cause())
                    .isInstanceOf(ClosedChannelException.class);
            assertThat(late.refCnt()).as("the refused frame is released").isZero();
            slowClose.flushOutbound();
            slowClose.writeInbound(frame(FIN | WebSocketFrames.BINARY, bytes(3)));

            assertThat((ByteBuf) slowClose.readInbound()).as("input after the close is dropped").isNull();
            ByteBuf close = slowClose.readOutbound();
            assertThat(ByteBufUtil.hexDump(close)).isEqualTo(closeFrame(WebSocketCloseStatus.NORMAL_CLOSURE, ""));
            close.release();
            assertThat((Object) slowClose.readOutbound()).as("nothing after the close frame").isNull();
        } finally {
            slowClose.finishAndReleaseAll();
        }
    }

    @Test
    void serverFramesAreUnmaskedWithTheShortestLength() {
        for (int size : new int[] {0, 125, 126, 1023, 65_535, 65_536}) {
            byte[] payload = bytes(size);
            ch.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
            assertThat(String.join("", outbound())).as("%d bytes", size)
                    .isEqualTo(hex(serverFrame(FIN | WebSocketFrames.BINARY, payload)));
        }
    }

    @Test
    void aLargePayloadIsWrittenAsItIsNotCopied() {
        ByteBuf shared = Unpooled.buffer(2000).writeBytes(bytes(2000));
        ch.writeOutbound(new BinaryWebSocketFrame(shared.retainedSlice()));

        ByteBuf header = ch.readOutbound();
        ByteBuf payload = ch.readOutbound();
        assertThat(ByteBufUtil.hexDump(header)).isEqualTo("827e07d0");
        assertThat(payload.unwrap()).as("a slice of the shared buffer").isSameAs(shared);
        header.release();
        payload.release();
        assertThat(shared.refCnt()).isEqualTo(1);
        shared.release();
    }

    @Test
    void aPingIsNotAnsweredWhileTheClientIsNotReading() {
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ch.write(Unpooled.wrappedBuffer(bytes(32))); // not flushed: the outbound buffer is over its mark
        assertThat(ch.isWritable()).isFalse();

        ch.writeInbound(frame(FIN | WebSocketFrames.PING, bytes(4)));
        ch.flushOutbound();

        assertThat(outbound()).containsExactly(hex(bytes(32)));
    }

    @Test
    void pingsAndPongsPastTheBurstAreRefusedWith1008() {
        // the burst, sent in one read: far less than the half second that would refill a token
        ByteBuf flood = Unpooled.buffer();
        for (int i = 0; i < WebSocketFrames.CONTROL_BURST; i++) {
            flood.writeBytes(frame(FIN | (i % 2 == 0 ? WebSocketFrames.PING : WebSocketFrames.PONG), bytes(2)));
        }
        ch.writeInbound(flood);
        assertThat(outbound()).hasSize(WebSocketFrames.CONTROL_BURST / 2)
                .containsOnly(hex(serverFrame(FIN | WebSocketFrames.PONG, bytes(2))));
        assertThat(ch.isOpen()).isTrue();

        assertRefused(frame(FIN | WebSocketFrames.PING, bytes(2)), WebSocketCloseStatus.POLICY_VIOLATION,
                "over " + WebSocketFrames.CONTROL_PER_SECOND + " pings and pongs a second");
    }

    @Test
    void buffersHeldMidFrameAndMidMessageAreFreedWhenTheConnectionCloses() {
        ch.config().setAllocator(FuzzPipeline.ALLOC);
        long inUse = FuzzPipeline.bytesInUse();
        ch.writeInbound(frame(WebSocketFrames.BINARY, bytes(100)));
        ByteBuf whole = frame(FIN | WebSocketFrames.CONTINUATION, bytes(100));
        ch.writeInbound(whole.readRetainedSlice(50));
        assertThat(whole.refCnt()).as("the partial frame was copied, not kept").isEqualTo(1);
        whole.release();
        assertThat(FuzzPipeline.bytesInUse()).as("a message and a frame held").isGreaterThan(inUse);

        ch.close();
        assertThat(messages()).isEmpty();
        assertThat(outbound()).containsExactly(closeFrame(WebSocketCloseStatus.NORMAL_CLOSURE, ""));
        FuzzPipeline.assertNothingLeaked(inUse);
    }

    // --- helpers

    /** Sends {@code in}, which the handler must refuse with a close frame of this status and reason, then close. */
    private void assertRefused(ByteBuf in, WebSocketCloseStatus status, String reason) {
        assertThatThrownBy(() -> ch.writeInbound(in))
                .isInstanceOf(CorruptedWebSocketFrameException.class)
                .hasMessage(reason)
                .satisfies(e -> assertThat(((CorruptedWebSocketFrameException) e).closeStatus()).isEqualTo(status));
        assertThat(outbound()).containsExactly(closeFrame(status, reason));
        assertThat(ch.isOpen()).isFalse();
        assertThat(messages()).isEmpty();
    }

    /** A client frame: the first byte as given, masked with {@link #MASK}, the length in its shortest form. */
    private static ByteBuf frame(int b0, byte[] payload) {
        ByteBuf out = Unpooled.buffer().writeByte(b0);
        writeLength(out, 0x80, payload.length);
        return out.writeInt(MASK).writeBytes(masked(payload));
    }

    private static byte[] serverFrame(int b0, byte[] payload) {
        ByteBuf out = Unpooled.buffer().writeByte(b0);
        writeLength(out, 0, payload.length);
        byte[] bytes = ByteBufUtil.getBytes(out.writeBytes(payload));
        out.release();
        return bytes;
    }

    private static void writeLength(ByteBuf out, int maskBit, int length) {
        if (length <= 125) {
            out.writeByte(maskBit | length);
        } else if (length <= 0xFFFF) {
            out.writeByte(maskBit | 126).writeShort(length);
        } else {
            out.writeByte(maskBit | 127).writeLong(length);
        }
    }

    private static byte[] masked(byte[] payload) {
        byte[] out = payload.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] ^= (byte) (MASK >>> (24 - 8 * (i % 4)));
        }
        return out;
    }

    private static String closeFrame(WebSocketCloseStatus status, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuf body = Unpooled.buffer().writeShort(status.code()).writeBytes(text);
        byte[] bytes = ByteBufUtil.getBytes(body);
        body.release();
        return hex(serverFrame(FIN | WebSocketFrames.CLOSE, bytes));
    }

    /** {@code n} bytes counting up from 0. */
    private static byte[] bytes(int n) {
        return bytes(0, n);
    }

    private static byte[] bytes(int from, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }

    /** The messages passed on, as hex, each released. */
    private List<String> messages() {
        List<String> out = new ArrayList<>();
        for (ByteBuf m = ch.readInbound(); m != null; m = ch.readInbound()) {
            out.add(ByteBufUtil.hexDump(m));
            m.release();
        }
        return out;
    }

    /** The buffers written to the socket, as hex, each released. */
    private List<String> outbound() {
        List<String> out = new ArrayList<>();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            out.add(ByteBufUtil.hexDump(b));
            b.release();
        }
        return out;
    }
}
