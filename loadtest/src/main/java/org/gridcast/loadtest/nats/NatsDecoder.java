package org.gridcast.loadtest.nats;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The server side of the NATS core protocol, as far as a subscriber needs it: {@code MSG} with
 * its payload becomes a {@link NatsMsg}; every other line (INFO, PING, PONG, +OK, -ERR) a String.
 */
final class NatsDecoder extends ByteToMessageDecoder {
    /** A control line longer than this is not NATS. INFO lines can be a few KB. */
    private static final int MAX_LINE = 64 * 1024;

    record NatsMsg(String subject, ByteBuf payload) {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int lf = in.forEachByte(ByteProcessor.FIND_LF);
            if (lf < 0) {
                if (in.readableBytes() > MAX_LINE) {
                    throw new CorruptedFrameException("NATS line over " + MAX_LINE + " bytes");
                }
                return;
            }
            int start = in.readerIndex();
            int lineLen = lf - start - 1; // without CR
            if (lineLen >= 3 && in.getByte(start) == 'M' && in.getByte(start + 1) == 'S' && in.getByte(start + 2) == 'G') {
                String line = in.toString(start, lineLen, StandardCharsets.US_ASCII);
                String[] parts = line.split(" ");
                int size = Integer.parseInt(parts[parts.length - 1]);
                if (lf + 1 + size + 2 > in.writerIndex()) {
                    return; // the payload is not all here yet
                }
                in.readerIndex(lf + 1);
                ByteBuf payload = in.readRetainedSlice(size);
                in.skipBytes(2);
                out.add(new NatsMsg(parts[1], payload));
            } else {
                out.add(in.toString(start, Math.max(0, lineLen), StandardCharsets.US_ASCII));
                in.readerIndex(lf + 1);
            }
        }
    }
}
