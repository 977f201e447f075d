package org.gridcast.loadtest.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * What every notice carries so a receiver can account for it without asking anyone: the topic
 * (unit) it went to, its seq within that topic (1, 2, … as the publisher posted them) and the
 * time it was meant to be sent ({@link System#nanoTime()} of this JVM; publishers and receivers
 * share the process, so the clocks agree). Binary for the peers and raw, text for Gridcast whose
 * notice body is a string.
 */
public record Stamp(int topic, long seq, long intendedNanos) {
    /** Bytes of the binary form: int topic, long seq, long intended time. */
    public static final int BINARY_BYTES = 20;

    /** Writes the stamp and pads with 'x' to {@code payloadBytes}. */
    public void writeBinary(ByteBuf out, int payloadBytes) {
        out.writeInt(topic).writeLong(seq).writeLong(intendedNanos);
        for (int i = BINARY_BYTES; i < payloadBytes; i++) {
            out.writeByte('x');
        }
    }

    public byte[] toBinary(int payloadBytes) {
        byte[] b = new byte[Math.max(payloadBytes, BINARY_BYTES)];
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
        bb.putInt(topic).putLong(seq).putLong(intendedNanos);
        for (int i = BINARY_BYTES; i < b.length; i++) {
            b[i] = 'x';
        }
        return b;
    }

    /** Reads a stamp at the reader index without moving it. */
    public static Stamp readBinary(ByteBuf in) {
        int at = in.readerIndex();
        return new Stamp(in.getInt(at), in.getLong(at + 4), in.getLong(at + 12));
    }

    public static Stamp readBinary(byte[] b) {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
        return new Stamp(bb.getInt(), bb.getLong(), bb.getLong());
    }

    /** "lt topic seq intended " padded with 'x' to {@code payloadBytes} characters. */
    public String toText(int payloadBytes) {
        StringBuilder sb = new StringBuilder(payloadBytes).append("lt ").append(topic).append(' ').append(seq)
                .append(' ').append(intendedNanos).append(' ');
        while (sb.length() < payloadBytes) {
            sb.append('x');
        }
        return sb.toString();
    }

    /**
     * Parses {@link #toText}; null when the text is not a load-test stamp. Reads the digits in
     * place: every receiver runs this once per delivery, and a split showed in the profile.
     */
    public static Stamp fromText(String text) {
        if (!text.startsWith("lt ")) {
            return null;
        }
        int at = 3;
        long[] fields = new long[3];
        for (int f = 0; f < 3; f++) {
            boolean negative = at < text.length() && text.charAt(at) == '-';
            if (negative) {
                at++; // nanoTime may be negative: its origin is arbitrary
            }
            int start = at;
            long v = 0;
            while (at < text.length() && text.charAt(at) != ' ') {
                char c = text.charAt(at++);
                if (c < '0' || c > '9' || v > (Long.MAX_VALUE - 9) / 10) {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (at == start) {
                return null;
            }
            fields[f] = negative ? -v : v;
            at++;
        }
        if (fields[0] < 0 || fields[0] > Integer.MAX_VALUE) {
            return null;
        }
        return new Stamp((int) fields[0], fields[1], fields[2]);
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
