package org.gridcast.client.cli;

/** A failure the CLI reports as {@code {"error":code,"message":...}} on stderr. */
public final class CliException extends RuntimeException {

    /** Wrong or missing arguments. */
    public static final String BAD_ARGS = "BAD_ARGS";

    private final String code;

    public CliException(String code, String message) {
        super(message);
        this.code = code;
    }

    public static CliException badArgs(String message) {
        return new CliException(BAD_ARGS, message);
    }

    public String code() {
        return code;
    }
}
