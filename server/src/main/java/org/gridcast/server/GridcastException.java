package org.gridcast.server;

import org.gridcast.protocol.ErrorCode;

/**
 * A refusal the client is told about: the dispatcher turns it into an {@code Error} reply with
 * this code. Thrown (or used to fail a future) wherever a request breaks a rule or a limit.
 */
public final class GridcastException extends RuntimeException {
    private final ErrorCode code;

    public GridcastException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static GridcastException badRequest(String message) {
        return new GridcastException(ErrorCode.BAD_REQUEST, message);
    }

    public static GridcastException forbidden(String message) {
        return new GridcastException(ErrorCode.FORBIDDEN, message);
    }

    public static GridcastException notFound(String message) {
        return new GridcastException(ErrorCode.NOT_FOUND, message);
    }

    public static GridcastException limit(String message) {
        return new GridcastException(ErrorCode.LIMIT_EXCEEDED, message);
    }
}
