package org.gridcast.server.directory;

import java.util.Objects;
import org.gridcast.seeds.Role;

/**
 * A member as the directory stores it. {@code unit} is the home unit (a micro-grid for residents
 * and leaders); {@code tag} is a free label ("floating", "shop") or empty; {@code joinedAtMs} is
 * when the member entered the directory.
 */
public record MemberInfo(String id, String unit, Role role, String name, String tag, long joinedAtMs) {
    public MemberInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(role, "role");
        name = name == null ? "" : name;
        tag = tag == null ? "" : tag;
    }

    public MemberInfo withUnit(String newUnit) {
        return new MemberInfo(id, newUnit, role, name, tag, joinedAtMs);
    }
}
