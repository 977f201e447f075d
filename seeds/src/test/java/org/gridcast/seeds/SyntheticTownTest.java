package org.gridcast.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyntheticTownTest {

    @ParameterizedTest
    @CsvSource({
        // residents, communities, grids, microgrids
        "1, 1, 1, 1",
        "180, 1, 1, 1",
        "181, 1, 1, 2",
        "7560, 1, 7, 42",
        "7561, 2, 8, 43",
        "75000, 10, 70, 417",
    })
    void planCountsPerLevel(int residents, int communities, int grids, int microgrids) {
        SyntheticTown.Plan plan = new SyntheticTown.Plan(residents);
        assertThat(plan.communities()).isEqualTo(communities);
        assertThat(plan.grids()).isEqualTo(grids);
        assertThat(plan.microgrids()).isEqualTo(microgrids);
        assertThat(plan.staff()).isEqualTo(1 + 2 + 2 * communities + grids + microgrids);
        assertThat(plan.members()).isEqualTo(residents + plan.staff());
    }

    @ParameterizedTest
    @CsvSource({"1", "181", "7561", "20000"})
    void generatedTownMatchesItsPlan(int residents) {
        SyntheticTown town = new SyntheticTown(residents, 42);
        SyntheticTown.Plan plan = town.plan();
        Collected c = Collected.of(town);

        assertThat(c.units()).hasSize(plan.units());
        assertThat(c.members()).hasSize((int) plan.members());
        assertThat(c.members().stream().filter(m -> m.role() == Role.RESIDENT)).hasSize(residents);
        assertThat(c.members().stream().filter(m -> m.role() == Role.MICROGRID_LEADER)).hasSize(plan.microgrids());
        assertThat(c.members().stream().filter(m -> m.role() == Role.GRID_WORKER)).hasSize(plan.grids());
        assertThat(c.members().stream().filter(m -> m.role() == Role.COMMUNITY_STAFF)).hasSize(2 * plan.communities());
        assertThat(c.members().stream().filter(m -> m.role() == Role.TOWN_STAFF)).hasSize(2);

        long sum = 0;
        for (int k = 1; k <= plan.communities(); k++) {
            assertThat(c.membersUnder(SyntheticTown.community(k))).hasSize((int) plan.membersOfCommunity(k));
            sum += plan.membersOfCommunity(k);
            for (int j = 1; j <= plan.gridsIn(k); j++) {
                assertThat(c.childrenOf(SyntheticTown.grid(k, j))).hasSize(plan.microgridsIn(k, j));
                for (int i = 1; i <= plan.microgridsIn(k, j); i++) {
                    assertThat(c.membersUnder(SyntheticTown.microgrid(k, j, i)))
                            .hasSize((int) plan.membersOfMicrogrid(k, j, i));
                }
            }
        }
        assertThat(sum + 3).isEqualTo(plan.members());
    }

    @Test
    void idsFollowTheSchemeTheLoadTesterUses() {
        Collected c = Collected.of(new SyntheticTown(400, 1));
        assertThat(c.units()).extracting(SeedUnit::id).containsExactly(
                "t1", "t1-c1", "t1-c1-g1", "t1-c1-g1-m1", "t1-c1-g1-m2", "t1-c1-g1-m3");
        assertThat(c.members()).extracting(SeedMember::id).startsWith(
                "operator", "t1-s1", "t1-s2", "t1-c1-s1", "t1-c1-s2", "t1-c1-g1-w",
                "t1-c1-g1-m1-l", "t1-c1-g1-m1-r1", "t1-c1-g1-m1-r2");
        assertThat(c.members()).extracting(SeedMember::id).endsWith("t1-c1-g1-m3-r133")
                .doesNotContain("t1-c1-g1-m3-r134", "t1-c1-g1-m4");
        // 400 = 134 + 133 + 133
        assertThat(c.membersUnder("t1-c1-g1-m1")).hasSize(135);
        assertThat(c.membersUnder("t1-c1-g1-m3")).hasSize(134);
        assertThat(c.units().get(3)).isEqualTo(new SeedUnit("t1-c1-g1-m1", "t1-c1-g1", UnitKind.MICROGRID, "第1村第1网格第1微网格"));
    }

    @Test
    void sameSeedSameTownOtherSeedOtherNames() {
        Collected a = Collected.of(new SyntheticTown(3000, 7));
        Collected b = Collected.of(new SyntheticTown(3000, 7));
        Collected other = Collected.of(new SyntheticTown(3000, 8));
        assertThat(a).isEqualTo(b);
        assertThat(other.members()).extracting(SeedMember::id)
                .containsExactlyElementsOf(a.members().stream().map(SeedMember::id).toList());
        assertThat(other.members()).extracting(SeedMember::name)
                .isNotEqualTo(a.members().stream().map(SeedMember::name).toList());
    }

    @Test
    void hasFloatingPopulationAndShops() {
        List<SeedMember> residents = Collected.of(new SyntheticTown(60_000, 3)).members().stream()
                .filter(m -> m.role() == Role.RESIDENT).toList();
        long floating = residents.stream().filter(m -> m.tag().equals("floating")).count();
        long shops = residents.stream().filter(m -> m.tag().equals("shop")).count();
        // one in six floating, one in fifty a shop: wide bounds, exact counts are seed-specific
        assertThat(floating).isBetween(9_000L, 11_000L);
        assertThat(shops).isBetween(1_000L, 1_400L);
        Set<String> names = new HashSet<>();
        residents.forEach(m -> names.add(m.name()));
        assertThat(names.size()).isGreaterThan(5_000);
    }

    @Test
    void rejectsAnEmptyTown() {
        assertThatThrownBy(() -> new SyntheticTown(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
