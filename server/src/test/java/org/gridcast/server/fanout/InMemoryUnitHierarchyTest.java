package org.gridcast.server.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryUnitHierarchyTest {
    private final InMemoryUnitHierarchy tree = new InMemoryUnitHierarchy(Map.of(
            "c", "t", "g", "c", "m1", "g", "m2", "g", "t", ""));

    @Test
    void walksUpAndDown() {
        assertThat(tree.ancestorsOrSelf("m1")).containsExactly("m1", "g", "c", "t");
        assertThat(tree.subtree("g")).containsExactlyInAnyOrder("g", "m1", "m2");
        assertThat(tree.subtree("t")).containsExactlyInAnyOrder("t", "c", "g", "m1", "m2");
        assertThat(tree.subtree("unknown")).containsExactly("unknown");
        assertThat(tree.ancestorsOrSelf("unknown")).containsExactly("unknown");
    }
}
