package org.gridcast.server.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Ids of the synthetic town the core ITs run on ({@code synthetic:1100}): one community of two
 * grids, the first with micro-grids m1..m4 (m1: 158 residents, the others 157), the second with
 * m1..m3 (157 each); every micro-grid has a leader {@code <mg>-l}.
 */
final class Town {
    static final String SEEDS = "synthetic:1100";

    static final String TOWN = "t1";
    static final String COMMUNITY = "t1-c1";
    static final String G1 = "t1-c1-g1";
    static final String G2 = "t1-c1-g2";
    static final String M1 = "t1-c1-g1-m1";
    static final String M2 = "t1-c1-g1-m2";
    /** A micro-grid in the other grid. */
    static final String G2M1 = "t1-c1-g2-m1";

    static final String TOWN_STAFF = "t1-s1";
    static final String COMMUNITY_STAFF = "t1-c1-s1";
    static final String G1_WORKER = "t1-c1-g1-w";
    static final String G2_WORKER = "t1-c1-g2-w";
    static final String M1_LEADER = "t1-c1-g1-m1-l";

    private Town() {
    }

    static String resident(String microgrid, int n) {
        return microgrid + "-r" + n;
    }

    static String leader(String microgrid) {
        return microgrid + "-l";
    }

    static String unit(String id) {
        return "u:" + id;
    }

    static String inbox(String member) {
        return "i:" + member;
    }

    static String outbox(String member) {
        return "o:" + member;
    }

    /** The leader and residents 1..n of a micro-grid. */
    static List<String> members(String microgrid, int residents) {
        List<String> ids = new ArrayList<>();
        ids.add(leader(microgrid));
        for (int n = 1; n <= residents; n++) {
            ids.add(resident(microgrid, n));
        }
        return ids;
    }
}
