package org.gridcast.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.gridcast.protocol.Envelope;
import org.gridcast.server.net.Frames;
import org.gridcast.server.net.ConnectionGuard;
import org.gridcast.server.net.SessionPipeline;
import org.gridcast.server.net.WebSocketFrames;
import org.gridcast.server.testing.EmbeddedSocketChannel;
import org.gridcast.server.testing.FuzzPipeline;

/**
 * Fuzzes the WebSocket path: the HTTP port's pipeline exactly as {@link HttpInitializer} builds
 * it, upgraded on {@code /ws} by a real handshake, then arbitrary client bytes (WebSocket frames
 * or not, in arbitrary pieces) through {@link org.gridcast.server.net.WebSocketFrames} and the
 * session handlers. Invariants:
 * <ul>
 * <li>the only exceptions are the typed framing violations (CorruptedWebSocketFrameException);</li>
 * <li>no message longer than {@link Frames#MAX_FRAME_BYTES} reaches the envelope decoder;</li>
 * <li>what the server sends back parses as unmasked WebSocket frames, binary ones carrying an
 *     Envelope;</li>
 * <li>no buffer leaks: every byte allocated for the connection is freed when it ends.</li>
 * </ul>
 * The handshake is redone for every input: an input must not depend on the ones before it, or a
 * saved finding would not replay. Without JAZZER_FUZZ the inputs under
 * {@code WebSocketFuzzTestInputs/} replay as ordinary tests; {@code scripts/fuzz.sh websocket} fuzzes.
 */
class WebSocketFuzzTest {
    private static final Readiness UP = () -> CompletableFuture.completedFuture(true);
    private static final HttpInitializer HTTP = new HttpInitializer(FuzzPipeline.SESSIONS, UP, UP,
            new HttpConnections(new SimpleMeterRegistry()));
    private static final byte[] UPGRADE = ("GET " + HttpRoutes.WS_PATH + " HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "10m")
    void arbitraryBytesAfterUpgrade(FuzzedDataProvider data) throws InvalidProtocolBufferException {
        int[] pieces = new int[data.consumeInt(0, 6)];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = data.consumeInt(1, 80_000);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        long inUse = FuzzPipeline.bytesInUse();
        EmbeddedSocketChannel ch = upgraded();
        try {
            ch.pipeline().addBefore(SessionPipeline.FIRST, "message-size-witness", new MessageSizeWitness());
            FuzzPipeline.Exceptions exceptions = FuzzPipeline.watchExceptions(ch, new FuzzPipeline.Exceptions());
            int fed = 0;
            for (int i = 0; fed < stream.length && ch.isOpen(); i++) {
                int n = i < pieces.length ? Math.min(pieces[i], stream.length - fed) : stream.length - fed;
                FuzzPipeline.feed(ch, FuzzPipeline.bytes(stream, fed, n), exceptions);
                fed += n;
            }

            for (Throwable e : exceptions.seen) {
                if (!(e instanceof CorruptedWebSocketFrameException)) {
                    throw new AssertionError("unexpected exception on the WebSocket path", e);
                }
            }
            assertServerFrames(drain(ch));
        } finally {
            ch.finishAndReleaseAll();
        }
        FuzzPipeline.assertNothingLeaked(inUse);
    }

    /** Everything the server wrote, in one buffer of the test's own. */
    private static ByteBuf drain(EmbeddedSocketChannel ch) {
        ByteBuf sent = Unpooled.buffer();
        for (Object out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
            assertThat(out).isInstanceOf(ByteBuf.class);
            sent.writeBytes((ByteBuf) out);
            ((ByteBuf) out).release();
        }
        return sent;
    }

    /** A connection on the HTTP port after a successful {@code /ws} upgrade, its 101 response read. */
    private static EmbeddedSocketChannel upgraded() {
        EmbeddedSocketChannel ch = FuzzPipeline.open(HTTP);
        ch.writeInbound(FuzzPipeline.bytes(UPGRADE, 0, UPGRADE.length));
        ByteBuf response = drain(ch);
        assertThat(response.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101 ");
        assertThat(ch.pipeline().get(SessionPipeline.FIRST)).as("session handlers installed").isNotNull();
        assertThat(ch.pipeline().names()).as("the upgraded pipeline").containsExactly(
                WebSocketFrames.NAME, SessionPipeline.FIRST, ConnectionGuard.NAME, "exceptions", "DefaultChannelPipeline$TailContext#0");
        assertThat(ch.hasAttr(AttributeKey.valueOf(WebSocketServerHandshaker.class, "HANDSHAKER")))
                .as("Netty's handshaker is not kept").isFalse();
        return ch;
    }

    /**
     * The server's bytes are whole WebSocket frames (RFC 6455 section 5.2), unmasked as a server
     * must send them; a binary frame's payload is one Envelope.
     */
    private static void assertServerFrames(ByteBuf sent) throws InvalidProtocolBufferException {
        while (sent.isReadable()) {
            int b0 = sent.readUnsignedByte();
            int b1 = sent.readUnsignedByte();
            assertThat(b0 & 0x80).as("FIN").isNotZero();
            assertThat(b1 & 0x80).as("server frames are not masked").isZero();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = sent.readUnsignedShort();
            } else if (length == 127) {
                length = sent.readLong();
            }
            assertThat(length).isLessThanOrEqualTo(sent.readableBytes());
            byte[] payload = new byte[(int) length];
            sent.readBytes(payload);
            int opcode = b0 & 0x0f;
            assertThat(opcode).as("opcode").isIn(0x2, 0x8, 0xA);
            if (opcode == 0x2) {
                Envelope.parseFrom(payload);
            }
        }
    }

    /** Sits before the envelope decoder: no message longer than the limit may reach it. */
    private static final class MessageSizeWitness extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            assertThat(msg).isInstanceOf(ByteBuf.class);
            assertThat(((ByteBuf) msg).readableBytes()).isLessThanOrEqualTo(Frames.MAX_FRAME_BYTES);
            ctx.fireChannelRead(msg);
        }
    }
}
