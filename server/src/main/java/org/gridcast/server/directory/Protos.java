package org.gridcast.server.directory;

import org.gridcast.protocol.Member;
import org.gridcast.protocol.Unit;
import org.gridcast.protocol.UnitKind;

/** Directory records as wire messages. */
final class Protos {
    private Protos() {
    }

    static Unit unit(UnitInfo u) {
        return Unit.newBuilder().setId(u.id()).setParent(u.parent() == null ? "" : u.parent())
                .setKind(UnitKind.valueOf(u.kind().name())).setName(u.name()).build();
    }

    static Member member(MemberInfo m) {
        return Member.newBuilder().setId(m.id()).setUnit(m.unit()).setRole(m.role().name()).setName(m.name())
                .setTag(m.tag() == null ? "" : m.tag()).build();
    }
}
