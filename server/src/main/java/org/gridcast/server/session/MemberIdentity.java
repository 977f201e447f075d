package org.gridcast.server.session;

import org.gridcast.seeds.Role;

/** What the directory says about a member at login: home unit, role, display name. */
public record MemberIdentity(String member, String unit, Role role, String name) {
}
