package org.gridcast.server.fanout;

import java.util.List;

/**
 * The unit tree as fan-out and presence need it. The composition root implements it with the
 * directory's in-memory tree; {@link InMemoryUnitHierarchy} is a small stand-in.
 */
public interface UnitHierarchy {
    /** The unit, its parent, ... up to the top; just the unit when it is unknown. */
    List<String> ancestorsOrSelf(String unit);

    /** The unit and every unit below it; just the unit when it is unknown. */
    List<String> subtree(String unit);
}
