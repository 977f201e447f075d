package org.gridcast.server.net;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.gridcast.protocol.Envelope;

/** Frame layout on TCP: a 4-byte big-endian length, then that many bytes of Envelope. */
public final class Frames {
    public static final int LENGTH_BYTES = 4;
    /**
     * Largest Envelope a peer may send or receive. The biggest legitimate message (a notice of
     * 4,000 chars with 9 attachment URLs, or a page of ids) fits well inside; a peer announcing
     * more is broken or hostile and is closed before we buffer it.
     */
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    private Frames() {
    }

    /** Encodes the envelope once into a length-prefixed buffer, ready to write to any session. */
    public static ByteBuf encode(ByteBufAllocator alloc, Envelope envelope) {
        int size = envelope.getSerializedSize();
        ByteBuf buf = alloc.buffer(LENGTH_BYTES + size);
        try {
            buf.writeInt(size);
            CodedOutputStream out = CodedOutputStream.newInstance(new ByteBufOutputStream(buf), Math.min(size, 4096));
            envelope.writeTo(out);
            out.flush();
            return buf;
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }
}
