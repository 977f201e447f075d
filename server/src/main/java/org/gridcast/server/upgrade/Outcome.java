package org.gridcast.server.upgrade;

/** What happened to one old key (or, in a dry run, what would). */
public enum Outcome {
    /** Now under its new name only, with its value and time to live. */
    MOVED,
    /**
     * Both names held the same value: the copy under the old name is what an interrupted move
     * leaves behind (restored under the new name, not yet deleted), so it is deleted.
     */
    LEFTOVER_REMOVED,
    /** Both names hold different values: neither is touched, the operator decides. */
    CONFLICT,
    /** The old key was gone by the time it was moved (expired, or moved already by this run). */
    GONE
}
