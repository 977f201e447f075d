package org.gridcast.server.directory;

import java.util.Objects;
import org.gridcast.seeds.UnitKind;

/** A unit of the hierarchy as the server knows it; {@code parent} is empty for a top unit. */
public record UnitInfo(String id, String parent, UnitKind kind, String name) {
    public UnitInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        parent = parent == null ? "" : parent;
        name = name == null ? "" : name;
    }

    public boolean isTop() {
        return parent.isEmpty();
    }
}
