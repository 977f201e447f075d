package org.gridcast.loadtest.gridcast;

import java.io.IOException;
import org.gridcast.protocol.ErrorCode;

/** An Error reply: the server's code, and "CODE: message" as the text (what retry checks match on). */
final class ServerError extends IOException {
    private final ErrorCode code;

    ServerError(ErrorCode code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    ErrorCode code() {
        return code;
    }
}
