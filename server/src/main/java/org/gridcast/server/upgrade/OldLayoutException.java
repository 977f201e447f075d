package org.gridcast.server.upgrade;

import java.io.IOException;

/** Redis still holds the key names of the version before hash tags: {@code serve} must not start on it. */
public final class OldLayoutException extends IOException {
    public OldLayoutException(String message) {
        super(message);
    }
}
