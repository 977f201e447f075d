package org.gridcast.server.directory;

import org.gridcast.server.session.Session;

/** The member behind a session, as the scope rules take it: identity from the verified login. */
public final class Actors {
    private Actors() {
    }

    public static MemberInfo of(Session session) {
        return new MemberInfo(session.member(), session.unit(), session.role(), session.name(), "", 0);
    }
}
