package org.gridcast.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BuiltInSeedsTest {
    private static Collected seeds;

    @BeforeAll
    static void load() {
        seeds = Collected.of(BuiltInSeeds.source());
    }

    @Test
    void suoqianHas21Communities() {
        List<SeedUnit> communities = seeds.childrenOf("sq");
        assertThat(communities).hasSize(21).allMatch(u -> u.kind() == UnitKind.COMMUNITY);
        assertThat(communities).extracting(SeedUnit::name)
                .contains("来苏周村", "传芳村", "南城社区", "三泉王村", "山里王村");
        assertThat(seeds.unitsById().get("sq")).isEqualTo(new SeedUnit("sq", "", UnitKind.TOWN, "所前镇"));
    }

    @Test
    void hanghailuHas7GridsAnd39Microgrids() {
        List<SeedUnit> grids = seeds.childrenOf("qs-hanghailu");
        assertThat(grids).hasSize(7).allMatch(u -> u.kind() == UnitKind.GRID);
        long microgrids = seeds.units().stream()
                .filter(u -> u.kind() == UnitKind.MICROGRID && seeds.under("qs-hanghailu", u.id())).count();
        assertThat(microgrids).isEqualTo(39);
        List<SeedMember> members = seeds.membersUnder("qs-hanghailu");
        assertThat(members.stream().filter(m -> m.role() == Role.MICROGRID_LEADER)).hasSize(39);
        assertThat(members.stream().filter(m -> m.role() == Role.GRID_WORKER)).hasSize(7);
        assertThat(members.stream().filter(m -> m.role() == Role.COMMUNITY_STAFF)).hasSize(4);
        assertThat(members.stream().filter(m -> "shop".equals(m.tag()))).hasSize(12);
        assertThat(members).contains(new SeedMember("qs-hanghailu-s1", "qs-hanghailu", Role.COMMUNITY_STAFF, "王海民", ""));
    }

    @Test
    void laisuzhouHas2066RegisteredAndCloseTo3000Floating() {
        List<SeedMember> people = seeds.membersUnder("sq-laisuzhou");
        assertThat(people.stream().filter(m -> m.role() == Role.RESIDENT && m.tag().isEmpty())).hasSize(2066);
        assertThat(people.stream().filter(m -> m.role() == Role.RESIDENT && m.tag().equals("floating"))).hasSize(2980);
        assertThat(people.stream().filter(m -> m.role() == Role.RESIDENT && m.tag().equals("shop"))).hasSize(60);
        assertThat(people.stream().filter(m -> m.role() == Role.MICROGRID_LEADER)).hasSize(36);
    }

    @Test
    void hasOneOperatorAtATopUnit() {
        assertThat(seeds.members().stream().filter(m -> m.role() == Role.OPERATOR))
                .containsExactly(new SeedMember("operator", "sq", Role.OPERATOR, "系统运维", ""));
    }

    @Test
    void idsAreUniqueAndEveryMemberHasAKnownHome() {
        Map<String, SeedUnit> units = seeds.unitsById();
        assertThat(units).hasSize(seeds.units().size());
        Set<String> memberIds = new HashSet<>();
        for (SeedMember m : seeds.members()) {
            assertThat(memberIds.add(m.id())).as("duplicate %s", m.id()).isTrue();
            assertThat(units).containsKey(m.unit());
            if (m.role() == Role.RESIDENT || m.role() == Role.MICROGRID_LEADER) {
                assertThat(units.get(m.unit()).kind()).isEqualTo(UnitKind.MICROGRID);
            }
        }
    }

    @Test
    void totalsAreStable() {
        assertThat(seeds.units()).hasSize(402);
        assertThat(seeds.members()).hasSize(21_843);
    }

    @Test
    void loadingTwiceGivesTheSameNames() {
        assertThat(Collected.of(BuiltInSeeds.source())).isEqualTo(seeds);
    }
}
