package org.gridcast.loadtest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.gridcast.seeds.UnitKind;
import org.junit.jupiter.api.Test;

class TownPlanTest {

    @Test
    void fiveThousandResidentsMakeOneCommunityOfSixGrids() {
        TownPlan p = TownPlan.of(5000);
        assertThat(p.residents()).hasSize(5000);
        assertThat(p.topics(UnitKind.COMMUNITY)).hasSize(1);
        assertThat(p.topics(UnitKind.GRID)).hasSize(6);
        assertThat(p.topics(UnitKind.MICROGRID)).hasSize(34);
        assertThat(p.audience(0)).isEqualTo(5000);
        assertThat(p.audience(p.topics(UnitKind.COMMUNITY)[0])).isEqualTo(5000);
    }

    @Test
    void idsFollowTheSyntheticScheme() {
        TownPlan p = TownPlan.of(400);
        TownPlan.Resident first = p.residents().get(0);
        assertThat(first.id()).isEqualTo("t1-c1-g1-m1-r1");
        assertThat(p.residents().get(150).id()).isEqualTo("t1-c1-g1-m2-r1");
        int[] t = first.topics();
        assertThat(p.unit(t[0]).id()).isEqualTo("t1-c1-g1-m1");
        assertThat(p.unit(t[0]).staff()).isEqualTo("t1-c1-g1-m1-l");
        assertThat(p.unit(t[1]).staff()).isEqualTo("t1-c1-g1-w");
        assertThat(p.unit(t[2]).staff()).isEqualTo("t1-c1-s1");
        assertThat(p.unit(t[3]).staff()).isEqualTo("t1-s1");
        assertThat(p.audience(t[0])).isEqualTo(150);
        assertThat(p.audience(p.topics(UnitKind.MICROGRID)[2])).isEqualTo(100);
    }

    @Test
    void eighthCommunityStartsAfterFortyTwoMicrogrids() {
        TownPlan p = TownPlan.of(150 * 43);
        assertThat(p.topics(UnitKind.COMMUNITY)).hasSize(2);
        assertThat(p.residents().get(150 * 42).id()).isEqualTo("t1-c2-g1-m1-r1");
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
