package org.gridcast.client;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Where a device keeps its delivered cursors: per channel, the highest seq it holds. Login sends
 * them so the device only fetches what it missed; a device without a cursor for a channel starts
 * from the member's read cursor instead. Called from the client's event thread only.
 */
public interface CursorStore {

    /** The delivered cursor of a channel, or empty when this device never had one. */
    OptionalLong delivered(String channel);

    /** Raises the cursor of a channel to {@code seq}; never lowers it. */
    void advance(String channel, long seq);

    /** Every cursor, as an unmodifiable copy. */
    Map<String, Long> snapshot();

    /** Makes the updates so far durable; called after each sync pass and each push. */
    default void flush() {
    }
}
