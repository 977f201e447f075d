package org.gridcast.loadtest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.gridcast.seeds.UnitKind;
import org.junit.jupiter.api.Test;

class TownPlanTest {

    @Test
    void fiveThousandResidentsMakeOneCommunityOfFiveGrids() {
        TownPlan p = TownPlan.of(5000);
        assertThat(p.residents()).hasSize(5000);
        assertThat(p.topics(UnitKind.COMMUNITY)).hasSize(1);
        assertThat(p.topics(UnitKind.GRID)).hasSize(5);
        assertThat(p.topics(UnitKind.MICROGRID)).hasSize(28);
        assertThat(p.audience(0)).isEqualTo(5000);
        assertThat(p.audience(p.topics(UnitKind.COMMUNITY)[0])).isEqualTo(5000);
    }

    @Test
    void idsFollowTheSyntheticScheme() {
        TownPlan p = TownPlan.of(400);
        TownPlan.Resident first = p.residents().get(0);
        assertThat(first.id()).isEqualTo("t1-c1-g1-m1-r1");
        // 400 over 3 micro-grids: 134, 133, 133 (earlier ones take the remainder, as SyntheticTown)
        assertThat(p.residents().get(134).id()).isEqualTo("t1-c1-g1-m2-r1");
        int[] t = first.topics();
        assertThat(p.unit(t[0]).id()).isEqualTo("t1-c1-g1-m1");
        assertThat(p.unit(t[0]).staff()).isEqualTo("t1-c1-g1-m1-l");
        assertThat(p.unit(t[1]).staff()).isEqualTo("t1-c1-g1-w");
        assertThat(p.unit(t[2]).staff()).isEqualTo("t1-c1-s1");
        assertThat(p.unit(t[3]).staff()).isEqualTo("t1-s1");
        assertThat(p.audience(t[0])).isEqualTo(134);
        assertThat(p.audience(p.topics(UnitKind.MICROGRID)[2])).isEqualTo(133);
    }

    @Test
    void aSecondCommunityStartsPastFortyTwoMicrogrids() {
        TownPlan p = TownPlan.of(180 * 43);
        assertThat(p.topics(UnitKind.COMMUNITY)).hasSize(2);
        assertThat(p.topics(UnitKind.MICROGRID)).hasSize(43);
        assertThat(p.residents().get(p.residents().size() - 1).id()).startsWith("t1-c2-");
    }

    @Test
    void levelPicksRoundRobinWithinTheLevel() {
        TownPlan p = TownPlan.of(1000);
        SplittableRandom r = new SplittableRandom(1);
        int[] mgs = p.topics(UnitKind.MICROGRID);
        assertThat(p.pickTopic(Level.MICROGRID, 0, r)).isEqualTo(mgs[0]);
        assertThat(p.pickTopic(Level.MICROGRID, mgs.length + 1, r)).isEqualTo(mgs[1]);
        assertThat(p.pickTopic(Level.TOWN, 5, r)).isZero();
    }
}
