package org.gridcast.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.gridcast.protocol.ErrorCode;

/**
 * An upgraded WebSocket connection's frames (RFC 6455, section 5), both ways, in one handler.
 * In: client frames must be masked and are unmasked; a binary message, whole or in fragments,
 * is passed on as one buffer of its bytes (an Envelope, as {@link FrameDecoder} passes a TCP
 * frame's); ping is answered with pong, pong is dropped, close is answered with the same close
 * and the connection closed. Out: frames go unmasked, and the server's own close sends a close
 * frame first (1000).
 *
 * <p>Limits: a message (the sum of its fragments) over {@link Frames#MAX_FRAME_BYTES} is refused
 * with 1009 as soon as a frame header announces it, so it is never buffered; pings and pongs past
 * {@link #CONTROL_BURST} and then {@link #CONTROL_PER_SECOND} a second with 1008; reserved bits (no
 * extension is negotiated), reserved opcodes, unmasked frames, fragmented or over-125-byte control
 * frames, lengths not in their shortest form and fragments out of order are refused with 1002,
 * a malformed close body too (1007 for a reason that is not UTF-8). A refusal sends the close
 * frame, closes and raises {@link CorruptedWebSocketFrameException} for the exception tail to
 * count; every byte after it is dropped. A text message gets PROTOCOL_VIOLATION and a close, as
 * any frame that is not an Envelope: envelopes travel in binary messages only.
 *
 * <p>Why not Netty's WebSocket decoder, encoder, aggregator and protocol handler: an idle phone
 * holds them for hours, four handler contexts and four objects, ~420 bytes of every connection's
 * heap (BENCHMARKS.md, heap per idle connection). Here it is one context and this object, whose
 * state between frames is two null references and two flags. One per channel.
 */
public final class WebSocketFrames extends ChannelDuplexHandler {
    /** The handler's name in the pipeline. */
    public static final String NAME = "ws-frames";
    /** A control frame's payload is at most this long (RFC 6455, 5.5). */
    static final int MAX_CONTROL_PAYLOAD = 125;
    /** Longest frame header: two bytes, an 8-byte length, the 4-byte mask. */
    private static final int MAX_HEADER_BYTES = 14;
    /**
     * A server frame with a payload shorter than this goes out as one buffer, header and payload
     * copied together; a longer one as two, the payload not copied (a gathering write). Netty's
     * encoder draws the line at the same place.
     */
    private static final int GATHER_FROM = 1024;
    /**
     * Pings and pongs a client may send: a burst of {@value #CONTROL_BURST}, then
     * {@value #CONTROL_PER_SECOND} a second. They bypass the connection's request bucket (they are
     * not Envelopes), and each ping costs a pong; browsers never send them from script and proxies
     * send one every few seconds at most, so a client past this is flooding and is closed (1008).
     */
    static final int CONTROL_BURST = 16;
    static final int CONTROL_PER_SECOND = 2;
    private static final TokenBucket CONTROL = new TokenBucket(CONTROL_PER_SECOND, CONTROL_BURST);

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    private static final int FIN = 0x80;
    private static final int RSV = 0x70;
    private static final int OPCODE = 0x0F;
    private static final int MASKED = 0x80;
    private static final int LENGTH = 0x7F;

    /** The frame being gathered, header included; null between frames. */
    private ByteBuf partial;
    /** The fragments of a binary message so far; null outside a fragmented message. */
    private ByteBuf message;
    /** The connection is refused or closing: whatever the client sends now is dropped. */
    private boolean discarding;
    /** A close frame went out: nothing may follow it (RFC 6455, 5.5.1). */
    private boolean closeSent;
    /** The control-frame bucket's state ({@link TokenBucket}): when it is full again. */
    private long controlFullAt = CONTROL.full(System.nanoTime());

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws CorruptedWebSocketFrameException {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (discarding || (partial != null && !completePartial(ctx, in))) {
                return;
            }
            int length = -1;
            while (in.isReadable() && !stopped(ctx)) {
                length = frameLength(ctx, in);
                if (length < 0 || in.readableBytes() < length) {
                    break;
                }
                frame(ctx, in);
                length = -1;
            }
            if (in.isReadable() && !stopped(ctx)) {
                partial = ctx.alloc().buffer(length < 0 ? MAX_HEADER_BYTES : length).writeBytes(in);
            }
        } finally {
            in.release();
        }
    }

    /** Nothing more is read: the connection is refused or closing, or the pipeline is gone. */
    private boolean stopped(ChannelHandlerContext ctx) {
        return discarding || ctx.isRemoved();
    }

    /**
     * Tops the partial frame up from {@code in}; handles it and returns true once it is whole and
     * the connection reads on. A header that arrives in pieces is taken a byte at a time (14 at most).
     */
    private boolean completePartial(ChannelHandlerContext ctx, ByteBuf in) throws CorruptedWebSocketFrameException {
        int length;
        while ((length = frameLength(ctx, partial)) < 0) {
            if (discarding || !in.isReadable()) {
                return false;
            }
            partial.writeByte(in.readByte());
        }
        if (partial.capacity() < length) {
            partial.capacity(length);
        }
        partial.writeBytes(in, Math.min(length - partial.readableBytes(), in.readableBytes()));
        if (partial.readableBytes() < length) {
            return false;
        }
        ByteBuf whole = partial;
        partial = null;
        try {
            frame(ctx, whole);
        } finally {
            whole.release();
        }
        return !stopped(ctx);
    }

    /**
     * The whole length of the frame whose header starts at {@code buf}'s reader index, or -1
     * while its header is incomplete (or a text message was refused). Checks the header as far
     * as it has come, so a bad frame is refused before its payload is buffered.
     */
    private int frameLength(ChannelHandlerContext ctx, ByteBuf buf) throws CorruptedWebSocketFrameException {
        if (buf.readableBytes() < 2) {
            return -1;
        }
        int r = buf.readerIndex();
        int b0 = buf.getUnsignedByte(r);
        int b1 = buf.getUnsignedByte(r + 1);
        int opcode = b0 & OPCODE;
        int length7 = b1 & LENGTH;
        if ((b0 & RSV) != 0) {
            throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits set");
        }
        if ((b1 & MASKED) == 0) {
            throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "client frames must be masked");
        }
        if (opcode >= CLOSE) {
            if (opcode > PONG) {
                throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved opcode " + opcode);
            }
            if ((b0 & FIN) == 0) {
                throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "fragmented control frame");
            }
            if (length7 > MAX_CONTROL_PAYLOAD) {
                throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "control frame over 125 bytes");
            }
        } else if (opcode == CONTINUATION) {
            if (message == null) {
                throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "continuation frame outside a message");
            }
        } else if (opcode == BINARY || opcode == TEXT) {
            if (message != null) {
                throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "new message inside a fragmented one");
            }
            if (opcode == TEXT) {
                refuseText(ctx);
                return -1;
            }
        } else {
            throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        int header = 2 + extended + 4;
        if (buf.readableBytes() < header) {
            return -1;
        }
        long payload = extended == 2 ? buf.getUnsignedShort(r + 2) : extended == 8 ? buf.getLong(r + 2) : length7;
        if ((extended == 2 && payload < 126) || (extended == 8 && payload < 0x10000)) {
            // a negative 8-byte length (its top bit set) lands here too
            throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "frame length not in its shortest form");
        }
        if (payload + (message == null ? 0 : message.readableBytes()) > Frames.MAX_FRAME_BYTES) {
            throw violation(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    "message over " + Frames.MAX_FRAME_BYTES + " bytes");
        }
        return header + (int) payload;
    }

    /** Handles the whole, checked frame at {@code buf}'s reader index and reads past it. */
    private void frame(ChannelHandlerContext ctx, ByteBuf buf) throws CorruptedWebSocketFrameException {
        int b0 = buf.readUnsignedByte();
        int length7 = buf.readUnsignedByte() & LENGTH;
        int length = length7 == 126 ? buf.readUnsignedShort() : length7 == 127 ? (int) buf.readLong() : length7;
        int mask = buf.readInt();
        ByteBuf payload = buf.readSlice(length);
        unmask(payload, mask);
        boolean fin = (b0 & FIN) != 0;
        switch (b0 & OPCODE) {
            case BINARY -> {
                if (fin) {
                    ctx.fireChannelRead(payload.retain());
                } else {
                    message = ctx.alloc().buffer(Math.max(length, 256), Frames.MAX_FRAME_BYTES).writeBytes(payload);
                }
            }
            case CONTINUATION -> {
                message.writeBytes(payload);
                if (fin) {
                    ByteBuf whole = message;
                    message = null;
                    ctx.fireChannelRead(whole);
                }
            }
            case PING -> {
                takeControlToken(ctx);
                pong(ctx, payload);
            }
            case CLOSE -> closeReceived(ctx, payload);
            default -> {
                // pong: an answer to nothing we sent, or a heartbeat; nothing to do but count it
                takeControlToken(ctx);
            }
        }
    }

    /** Counts a ping or pong against {@link #CONTROL}; past it the client is flooding and is refused. */
    private void takeControlToken(ChannelHandlerContext ctx) throws CorruptedWebSocketFrameException {
        long now = System.nanoTime();
        if (!CONTROL.hasToken(controlFullAt, now)) {
            throw violation(ctx, WebSocketCloseStatus.POLICY_VIOLATION,
                    "over " + CONTROL_PER_SECOND + " pings and pongs a second");
        }
        controlFullAt = CONTROL.take(controlFullAt, now);
    }

    /** XORs the payload with the client's mask, four bytes at a time, in place. */
    static void unmask(ByteBuf payload, int mask) {
        int i = payload.readerIndex();
        int end = payload.writerIndex();
        for (; i + 4 <= end; i += 4) {
            payload.setInt(i, payload.getInt(i) ^ mask);
        }
        for (int shift = 24; i < end; i++, shift -= 8) {
            payload.setByte(i, payload.getByte(i) ^ (mask >>> shift));
        }
    }

    /**
     * Answers a ping with its payload, unless the client is not reading: pongs would pile up in
     * the outbound buffer, and RFC 6455 (5.5.3) lets an endpoint answer only the latest ping.
     */
    private static void pong(ChannelHandlerContext ctx, ByteBuf payload) {
        if (ctx.channel().isWritable()) {
            ctx.writeAndFlush(control(ctx.alloc(), PONG, payload), ctx.voidPromise());
        }
    }

    /** The client closes: its close frame is checked (RFC 6455, 5.5.1 and 7.4), echoed, and the connection closed. */
    private void closeReceived(ChannelHandlerContext ctx, ByteBuf body) throws CorruptedWebSocketFrameException {
        if (body.readableBytes() == 1) {
            throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "close frame body of one byte");
        }
        if (body.readableBytes() >= 2) {
            int status = body.getUnsignedShort(body.readerIndex());
            if (!WebSocketCloseStatus.isValidStatusCode(status)) {
                throw violation(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "invalid close status " + status);
            }
            try {
                StandardCharsets.UTF_8.newDecoder().decode(body.nioBuffer(body.readerIndex() + 2, body.readableBytes() - 2));
            } catch (CharacterCodingException e) {
                throw violation(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "close reason is not UTF-8");
            }
        }
        sendClose(ctx, control(ctx.alloc(), CLOSE, body));
    }

    /** Envelopes travel in binary messages only: a text message is refused like any frame that is not an Envelope. */
    private void refuseText(ChannelHandlerContext ctx) {
        discarding = true;
        releaseBuffers();
        Replies.errorAndClose(ctx.channel(), 0, ErrorCode.PROTOCOL_VIOLATION, "only binary WebSocket messages carry envelopes");
    }

    /** Sends the close frame, closes, and returns the exception for the caller to raise. */
    private CorruptedWebSocketFrameException violation(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        sendClose(ctx, closeFrame(ctx.alloc(), status, reason));
        return new CorruptedWebSocketFrameException(status, reason);
    }

    /**
     * Writes {@code frame} (a close frame) and closes at once: once flushed it is with the kernel,
     * which sends it before the FIN; a peer that does not read gets no more time than that.
     */
    private void sendClose(ChannelHandlerContext ctx, ByteBuf frame) {
        discarding = true;
        releaseBuffers();
        if (closeSent || !ctx.channel().isActive()) {
            frame.release();
        } else {
            closeSent = true;
            ctx.writeAndFlush(frame, ctx.voidPromise());
        }
        ctx.close();
    }

    /** The server closes the connection (error, kick, idle sweep, shutdown): a close frame (1000) goes first. */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        discarding = true;
        if (!closeSent && ctx.channel().isActive()) {
            closeSent = true;
            ctx.writeAndFlush(closeFrame(ctx.alloc(), WebSocketCloseStatus.NORMAL_CLOSURE, ""), ctx.voidPromise());
        }
        ctx.close(promise);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closeSent) {
            // a push racing the close: nothing may follow a close frame
            ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                promise.setFailure(new ClosedChannelException());
            }
        } else if (msg instanceof WebSocketFrame frame) {
            encode(ctx, frame, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /**
     * A server frame: unmasked header, then the payload. The payload of a fan-out push is a
     * slice of the one buffer every recipient shares; above {@link #GATHER_FROM} it is written
     * as it is, not copied.
     */
    private static void encode(ChannelHandlerContext ctx, WebSocketFrame frame, ChannelPromise promise) {
        ByteBuf payload = frame.content();
        int length = payload.readableBytes();
        boolean gather = length >= GATHER_FROM;
        ByteBuf out;
        try {
            out = header(ctx.alloc(), (frame.isFinalFragment() ? FIN : 0) | (frame.rsv() << 4) | opcode(frame), length,
                    gather ? 0 : length);
            if (!gather) {
                out.writeBytes(payload);
            }
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        if (gather) {
            // the header's own promise is a silent one: if it fails, the payload after it fails
            // too and tells the caller's promise
            ctx.write(out, ctx.channel().unsafe().voidPromise());
            ctx.write(payload, promise);
        } else {
            frame.release();
            ctx.write(out, promise);
        }
    }

    private static int opcode(WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame) {
            return BINARY;
        } else if (frame instanceof TextWebSocketFrame) {
            return TEXT;
        } else if (frame instanceof ContinuationWebSocketFrame) {
            return CONTINUATION;
        } else if (frame instanceof CloseWebSocketFrame) {
            return CLOSE;
        } else if (frame instanceof PingWebSocketFrame) {
            return PING;
        } else if (frame instanceof PongWebSocketFrame) {
            return PONG;
        }
        throw new IllegalArgumentException("unknown WebSocket frame " + frame.getClass().getName());
    }

    /** A buffer holding an unmasked frame header for {@code length} payload bytes, with room for {@code extra} more. */
    private static ByteBuf header(ByteBufAllocator alloc, int b0, int length, int extra) {
        int header = length <= MAX_CONTROL_PAYLOAD ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf out = alloc.buffer(header + extra).writeByte(b0);
        if (length <= MAX_CONTROL_PAYLOAD) {
            out.writeByte(length);
        } else if (length <= 0xFFFF) {
            out.writeByte(126).writeShort(length);
        } else {
            out.writeByte(127).writeLong(length);
        }
        return out;
    }

    /** A control frame (FIN, unmasked) with a copy of {@code payload} (at most 125 bytes). */
    private static ByteBuf control(ByteBufAllocator alloc, int opcode, ByteBuf payload) {
        return header(alloc, FIN | opcode, payload.readableBytes(), payload.readableBytes()).writeBytes(payload, payload.readerIndex(),
                payload.readableBytes());
    }

    /** A close frame with a status and a reason (cut to fit the 125 bytes of a control frame). */
    static ByteBuf closeFrame(ByteBufAllocator alloc, WebSocketCloseStatus status, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, MAX_CONTROL_PAYLOAD - 2);
        return header(alloc, FIN | CLOSE, 2 + n, 2 + n).writeShort(status.code()).writeBytes(text, 0, n);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBuffers();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBuffers();
    }

    private void releaseBuffers() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
        if (message != null) {
            message.release();
            message = null;
        }
    }
}
