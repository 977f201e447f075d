package org.gridcast.client;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.gridcast.protocol.Envelope;

/**
 * TCP framing: a 4-byte big-endian length, then that many bytes of {@link Envelope}. Both
 * directions are capped so a broken peer cannot make us allocate what it claims.
 */
public final class FrameCodec {

    /** Size of the length prefix. */
    public static final int PREFIX_BYTES = 4;

    private FrameCodec() {
    }

    /** A frame's length is over the cap (or negative, which means the same thing on the wire). */
    public static final class FrameTooLargeException extends IOException {
        private final long length;

        public FrameTooLargeException(long length, int max) {
            super("frame of " + length + " bytes is over the limit of " + max);
            this.length = length;
        }

        public long length() {
            return length;
        }
    }

    /** Prefix + envelope bytes, refused when the envelope is over {@code maxFrameBytes}. */
    public static byte[] encode(Envelope envelope, int maxFrameBytes) throws FrameTooLargeException {
        int size = envelope.getSerializedSize();
        if (size > maxFrameBytes) {
            throw new FrameTooLargeException(size, maxFrameBytes);
        }
        byte[] frame = new byte[PREFIX_BYTES + size];
        frame[0] = (byte) (size >>> 24);
        frame[1] = (byte) (size >>> 16);
        frame[2] = (byte) (size >>> 8);
        frame[3] = (byte) size;
        byte[] body = envelope.toByteArray();
        System.arraycopy(body, 0, frame, PREFIX_BYTES, size);
        return frame;
    }

    /** Writes one frame; the caller holds the connection's write lock and flushes. */
    public static void write(OutputStream out, Envelope envelope, int maxFrameBytes) throws IOException {
        out.write(encode(envelope, maxFrameBytes));
    }

    /**
     * Reads one frame. Throws {@link EOFException} when the stream ends (cleanly between frames or
     * in the middle of one), {@link FrameTooLargeException} for an oversize length, and
     * {@code InvalidProtocolBufferException} for bytes that are not an Envelope.
     */
    public static Envelope read(InputStream in, int maxFrameBytes) throws IOException {
        DataInputStream data = in instanceof DataInputStream d ? d : new DataInputStream(in);
        int length = data.readInt();
        if (length < 0 || length > maxFrameBytes) {
            throw new FrameTooLargeException(Integer.toUnsignedLong(length), maxFrameBytes);
        }
        byte[] body = new byte[length];
        data.readFully(body);
        return Envelope.parseFrom(body);
    }
}
