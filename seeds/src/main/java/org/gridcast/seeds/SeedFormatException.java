package org.gridcast.seeds;

/** A seed file line that cannot be taken; the message names the source and the line number. */
public final class SeedFormatException extends RuntimeException {
    private final String source;
    private final int line;

    public SeedFormatException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    /** 1-based number of the offending line. */
    public int line() {
        return line;
    }
}
