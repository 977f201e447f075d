package org.gridcast.server.directory;

import java.util.List;
import org.gridcast.seeds.Role;
import org.gridcast.seeds.UnitKind;

/**
 * A small hierarchy for scope tests: town t; communities c1, c2; grids c1-g1, c1-g2, c2-g1;
 * micro-grids c1-g1-m1, c1-g1-m2, c1-g2-m1, c2-g1-m1.
 */
final class TestTrees {
    static final UnitTree TREE = new UnitTree(List.of(
            new UnitInfo("t", "", UnitKind.TOWN, "所前镇"),
            new UnitInfo("c1", "t", UnitKind.COMMUNITY, "来苏周村"),
            new UnitInfo("c2", "t", UnitKind.COMMUNITY, "传芳村"),
            new UnitInfo("c1-g1", "c1", UnitKind.GRID, "第一网格"),
            new UnitInfo("c1-g2", "c1", UnitKind.GRID, "第二网格"),
            new UnitInfo("c2-g1", "c2", UnitKind.GRID, "第一网格"),
            new UnitInfo("c1-g1-m1", "c1-g1", UnitKind.MICROGRID, "1号微网格"),
            new UnitInfo("c1-g1-m2", "c1-g1", UnitKind.MICROGRID, "2号微网格"),
            new UnitInfo("c1-g2-m1", "c1-g2", UnitKind.MICROGRID, "1号微网格"),
            new UnitInfo("c2-g1-m1", "c2-g1", UnitKind.MICROGRID, "1号微网格")));

    static final MemberInfo OPERATOR = m("op", "t", Role.OPERATOR);
    static final MemberInfo TOWN = m("ts", "t", Role.TOWN_STAFF);
    static final MemberInfo C1_STAFF = m("c1s", "c1", Role.COMMUNITY_STAFF);
    static final MemberInfo C2_STAFF = m("c2s", "c2", Role.COMMUNITY_STAFF);
    static final MemberInfo G1_WORKER = m("g1w", "c1-g1", Role.GRID_WORKER);
    static final MemberInfo M1_LEADER = m("m1l", "c1-g1-m1", Role.MICROGRID_LEADER);
    static final MemberInfo M2_LEADER = m("m2l", "c1-g1-m2", Role.MICROGRID_LEADER);
    static final MemberInfo M1_RESIDENT = m("m1r", "c1-g1-m1", Role.RESIDENT);
    static final MemberInfo M2_RESIDENT = m("m2r", "c1-g1-m2", Role.RESIDENT);
    static final MemberInfo C2_RESIDENT = m("c2r", "c2-g1-m1", Role.RESIDENT);

    private TestTrees() {
    }

    static MemberInfo m(String id, String unit, Role role) {
        return new MemberInfo(id, unit, role, id, "", 1);
    }
}
