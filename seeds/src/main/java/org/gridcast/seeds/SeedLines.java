package org.gridcast.seeds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Splits a seed file's bytes into lines (ended by LF, CR LF or CR, as BufferedReader does) and
 * decodes each as strict UTF-8, so a line that is too long or not text fails with its own line
 * number. Splitting before decoding is safe: CR and LF never occur inside a UTF-8 sequence.
 */
final class SeedLines {
    /**
     * Longest line, in bytes. The longest valid record (a member: 100-byte id and unit, names of
     * 64 characters of up to 4 bytes) is under 700 bytes; without a cap, one line with no break
     * in a file of any size would be read whole into memory.
     */
    static final int MAX_LINE_BYTES = 4096;

    private final InputStream in;
    private final String source;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    private int pushedBack = -1;

    /** @param in read a byte at a time: pass a buffered stream */
    SeedLines(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The next line, without its end, or null at the end of the input. */
    String next(int number) throws IOException {
        int length = 0;
        int b = read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n' && b != '\r') {
            if (length == MAX_LINE_BYTES) {
                throw new SeedFormatException(source, number, "line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line[length++] = (byte) b;
            b = read();
        }
        if (b == '\r') {
            int after = read();
            if (after != '\n') {
                pushedBack = after;
            }
        }
        try {
            return utf8.decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new SeedFormatException(source, number, "not UTF-8 text");
        }
    }

    private int read() throws IOException {
        if (pushedBack != -1) {
            int b = pushedBack;
            pushedBack = -1;
            return b;
        }
        return in.read();
    }
}
