package org.gridcast.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gridcast.server.testing.TestNode;
import org.junit.jupiter.api.Test;

class UnitCountsTest {
    private final UnitCounts counts = new UnitCounts(TestNode.TREE);

    @Test
    void reportsZeroCrossingsOnly() {
        assertThat(counts.add(counts.unitsOf("mg1"))).containsExactly("mg1", "grid", "community", "town");
        assertThat(counts.add(counts.unitsOf("mg2"))).containsExactly("mg2");
        assertThat(counts.snapshot()).isEqualTo(Map.of("mg1", 1, "mg2", 1, "grid", 2, "community", 2, "town", 2));

        assertThat(counts.remove(counts.unitsOf("mg1"))).containsExactly("mg1");
        assertThat(counts.remove(counts.unitsOf("mg2"))).containsExactly("mg2", "grid", "community", "town");
        assertThat(counts.snapshot()).isEmpty();
        assertThat(counts.remove(counts.unitsOf("mg2"))).isEmpty();
    }
}
