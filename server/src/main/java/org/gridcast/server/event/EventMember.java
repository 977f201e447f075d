package org.gridcast.server.event;

import org.gridcast.seeds.Role;

/** What the event domain needs to know of a member: role, home unit, name, tag ("shop", "floating"). */
public record EventMember(String id, Role role, String unit, String name, String tag) {
    public boolean isResident() {
        return role == Role.RESIDENT;
    }
}
