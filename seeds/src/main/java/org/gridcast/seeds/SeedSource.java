package org.gridcast.seeds;

import java.util.function.Consumer;

/**
 * A hierarchy to import, streamed so a source of millions of members never has to sit in memory.
 *
 * <p>Order contract: every unit is handed out before its children and before any member whose home
 * unit it is. File and generator sources hand out all units first, then all members.
 */
public interface SeedSource {

    /** A short label (file path, "builtin", "synthetic:N:seed") recorded once the source is imported. */
    String name();

    /**
     * Streams the whole hierarchy. Each call starts over from the beginning.
     *
     * @throws SeedFormatException when a line of a file source is malformed
     * @throws java.io.UncheckedIOException when a file cannot be read
     */
    void forEach(Consumer<SeedUnit> units, Consumer<SeedMember> members);
}
