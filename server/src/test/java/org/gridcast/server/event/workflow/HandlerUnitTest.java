package org.gridcast.server.event.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridcast.seeds.events.StreetYearGenerator.communityStaff;
import static org.gridcast.seeds.events.StreetYearGenerator.grid;
import static org.gridcast.seeds.events.StreetYearGenerator.gridWorker;
import static org.gridcast.seeds.events.StreetYearGenerator.leader;
import static org.gridcast.seeds.events.StreetYearGenerator.microgrid;
import static org.gridcast.seeds.events.StreetYearGenerator.resident;
import static org.gridcast.seeds.events.StreetYearGenerator.shop;
import static org.gridcast.seeds.events.StreetYearGenerator.shops;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gridcast.seeds.events.StreetYear;
import org.gridcast.seeds.events.StreetYearGenerator;
import org.gridcast.server.event.EventMember;
import org.gridcast.server.event.SeedDirectory;
import org.junit.jupiter.api.Test;

/**
 * Who handles what is dispatched to a unit ({@link Capacities#handlesForUnit}), over the generated
 * street's directory: staff whose home is the unit, shop operators of a shop alliance, and not
 * the residents of a micro-grid (issue 8) nor staff above the unit.
 */
class HandlerUnitTest {
    private static final StreetYear STREET = StreetYearGenerator.generate(7, 0);
    private static final SeedDirectory DIRECTORY = new SeedDirectory(STREET.units(), STREET.members());
    private static final Map<String, EventMember> MEMBERS = STREET.members().stream().collect(Collectors.toMap(
            m -> m.id(), m -> new EventMember(m.id(), m.role(), m.unit(), m.name(), m.tag())));

    @Test
    void handlersOfAMicrogridAreItsLeaderOnly() {
        assertThat(handlersAmong(microgrid(1, 1, 1), List.of(leader(1, 1, 1), resident(1, 1, 1, 0),
                resident(1, 1, 1, 2), gridWorker(1, 1), communityStaff(1, 0), leader(1, 1, 2))))
                .containsExactly(leader(1, 1, 1));
    }

    @Test
    void handlersOfAGridAreItsWorkerOnly() {
        assertThat(handlersAmong(grid(1, 1), List.of(gridWorker(1, 1), leader(1, 1, 1), communityStaff(1, 0))))
                .containsExactly(gridWorker(1, 1));
    }

    @Test
    void shopOperatorsHandleForTheirShopAlliance() {
        assertThat(handlersAmong(shops(1), List.of(shop(1, 0), shop(1, 1), shop(2, 0), communityStaff(1, 0))))
                .containsExactly(shop(1, 0), shop(1, 1));
        assertThat(Capacities.handlesForUnit(MEMBERS.get(shop(1, 0)), "", DIRECTORY)).isFalse();
    }

    private static List<String> handlersAmong(String unit, List<String> candidates) {
        return candidates.stream().filter(id -> Capacities.handlesForUnit(MEMBERS.get(id), unit, DIRECTORY)).toList();
    }
}
