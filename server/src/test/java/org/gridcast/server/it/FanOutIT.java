package org.gridcast.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridcast.protocol.NoticeBody;
import org.gridcast.protocol.NoticePosted;
import org.gridcast.seeds.SyntheticTown;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fan-out down the hierarchy with every member of a synthetic town online (1,114 sessions): a
 * notice to a micro-grid, a grid, the community and the town reaches every online member of
 * that subtree exactly once, and nobody else.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class FanOutIT {
    /** 7 micro-grids in 2 grids (4 + 3) of one community: small enough to put everyone online. */
    private static final int RESIDENTS = 1_100;
    private static final String TOWN = "t1";
    private static final String COMMUNITY = "t1-c1";
    private static final String GRID = "t1-c1-g1";
    private static final String MICROGRID = "t1-c1-g1-m1";

    private static ItServer server;
    private static Crowd crowd;
    /** member → its home unit and every unit above it. */
    private static final Map<String, List<String>> lineage = new LinkedHashMap<>();

    @BeforeAll
    static void everyoneOnline() throws Exception {
        server = ItServer.start("synthetic:" + RESIDENTS);
        Map<String, String> parents = new HashMap<>();
        new SyntheticTown(RESIDENTS, 1).forEach(u -> parents.put(u.id(), u.parent()), m -> {
            List<String> units = new ArrayList<>();
            for (String u = m.unit(); u != null && !u.isEmpty(); u = parents.get(u)) {
                units.add(u);
            }
            lineage.put(m.id(), units);
        });
        crowd = Crowd.login(server.port(), lineage.keySet(), id -> server.token(id, "crowd"), "crowd");
        crowd.awaitLoggedIn();
    }

    @AfterAll
    static void stop() {
        if (crowd != null) {
            crowd.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void noticesReachExactlyTheOnlineMembersOfTheirSubtreeOnce() throws Exception {
        SyntheticTown.Plan plan = new SyntheticTown(RESIDENTS, 1).plan();
        assertThat(crowd.size()).isEqualTo(1_114).isEqualTo((int) plan.members());
        assertThat(audience(MICROGRID)).hasSize(159).hasSize((int) plan.membersOfMicrogrid(1, 1, 1));
        assertThat(audience(GRID)).hasSize(634).hasSize((int) plan.membersOfGrid(1, 1));
        assertThat(audience(COMMUNITY)).hasSize(1_111).hasSize((int) plan.membersOfCommunity(1));

        try (ItServer.Connected communityStaff = server.client("t1-c1-s1", "desk");
             ItServer.Connected townStaff = server.client("t1-s1", "desk")) {
            postAndAwait(communityStaff, MICROGRID);
            postAndAwait(communityStaff, GRID);
            postAndAwait(communityStaff, COMMUNITY);
            postAndAwait(townStaff, TOWN);
        }

        // Each session got, in posting order, exactly the notices of the units above it: once
        // each, and none of a unit it is outside of (the town notice, which reaches everyone,
        // came last, so anything stray would have arrived before it).
        List<String> posted = List.of(MICROGRID, GRID, COMMUNITY, TOWN);
        int checked = 0;
        for (Map.Entry<String, List<String>> member : lineage.entrySet()) {
            List<String> expected = posted.stream().filter(member.getValue()::contains).map(u -> "u:" + u + "#1").toList();
            assertThat(crowd.received(member.getKey())).as(member.getKey()).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(1_114);
        assertThat(crowd.received("t1-c1-g1-m1-r1")).containsExactly(
                "u:t1-c1-g1-m1#1", "u:t1-c1-g1#1", "u:t1-c1#1", "u:t1#1");
        assertThat(crowd.received("t1-c1-g1-m2-r1")).containsExactly("u:t1-c1-g1#1", "u:t1-c1#1", "u:t1#1");
        assertThat(crowd.received("t1-c1-g2-m1-r1")).containsExactly("u:t1-c1#1", "u:t1#1");
        assertThat(crowd.received("t1-s2")).containsExactly("u:t1#1");
        assertThat(crowd.received("operator")).containsExactly("u:t1#1");
    }

    private static void postAndAwait(ItServer.Connected sender, String unit) throws Exception {
        NoticePosted posted = sender.client().postToUnit(unit,
                NoticeBody.newBuilder().setTitle("通知 " + unit).setText("请各位居民注意。").build(), "fan-" + unit)
                .get(ItServer.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(posted.getChannel()).isEqualTo("u:" + unit);
        assertThat(posted.getSeq()).isEqualTo(1);
        assertThat(posted.getDuplicate()).isFalse();
        crowd.awaitReceived(audience(unit), "u:" + unit + "#1");
    }

    private static List<String> audience(String unit) {
        return lineage.entrySet().stream().filter(e -> e.getValue().contains(unit)).map(Map.Entry::getKey).toList();
    }
}
