package org.gridcast.client;

import org.gridcast.protocol.ErrorCode;

/**
 * A request or connection failed. {@link #code()} is the server's {@link ErrorCode} name when the
 * server answered with an Error, or one of the local codes below.
 */
public class GridcastClientException extends RuntimeException {

    /** The TCP connection could not be opened. */
    public static final String CONNECT_FAILED = "CONNECT_FAILED";
    /**
     * The TLS handshake failed: the server's certificate is not trusted or not for this name, or
     * the server does not speak TLS on that port.
     */
    public static final String TLS_FAILED = "TLS_FAILED";
    /** No reply within the request timeout. */
    public static final String TIMEOUT = "TIMEOUT";
    /** The connection closed before the reply came, or there was no connection. */
    public static final String CONNECTION_CLOSED = "CONNECTION_CLOSED";
    /** The server answered with a message this request does not expect. */
    public static final String UNEXPECTED_REPLY = "UNEXPECTED_REPLY";
    /** A frame to send was over the frame limit. */
    public static final String FRAME_TOO_LARGE = "FRAME_TOO_LARGE";

    private final String code;

    public GridcastClientException(String code, String message) {
        super(message);
        this.code = code;
    }

    public GridcastClientException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** From a server Error reply. */
    public static GridcastClientException of(org.gridcast.protocol.Error error) {
        return new GridcastClientException(error.getCode().name(), error.getMessage());
    }

    /** The ErrorCode name or a local code. */
    public String code() {
        return code;
    }

    /** The server's ErrorCode, or empty for local failures. */
    public java.util.Optional<ErrorCode> errorCode() {
        for (ErrorCode c : ErrorCode.values()) {
            if (c != ErrorCode.UNRECOGNIZED && c.name().equals(code)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "GridcastClientException[" + code + "]: " + getMessage();
    }
}
