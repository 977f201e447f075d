package org.gridcast.server.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridcast.server.directory.TestTrees.TREE;

import java.util.List;
import org.gridcast.seeds.UnitKind;
import org.junit.jupiter.api.Test;

class UnitTreeTest {

    @Test
    void looksUpUnits() {
        assertThat(TREE.size()).isEqualTo(10);
        assertThat(TREE.unit("c1-g2")).contains(new UnitInfo("c1-g2", "c1", UnitKind.GRID, "第二网格"));
        assertThat(TREE.unit("nope")).isEmpty();
        assertThat(TREE.unit(null)).isEmpty();
        assertThat(TREE.all()).hasSize(10);
    }

    @Test
    void ancestorsRunFromSelfToTheTop() {
        assertThat(TREE.ancestorsOrSelf("c1-g1-m2")).containsExactly("c1-g1-m2", "c1-g1", "c1", "t");
        assertThat(TREE.ancestorsOrSelf("t")).containsExactly("t");
        assertThat(TREE.ancestorsOrSelf("nope")).isEmpty();
    }

    @Test
    void subtreeIsDepthFirstWithChildrenById() {
        assertThat(TREE.subtree("t")).containsExactly(
                "t", "c1", "c1-g1", "c1-g1-m1", "c1-g1-m2", "c1-g2", "c1-g2-m1", "c2", "c2-g1", "c2-g1-m1");
        assertThat(TREE.subtree("c1-g1")).containsExactly("c1-g1", "c1-g1-m1", "c1-g1-m2");
        assertThat(TREE.subtree("c2-g1-m1")).containsExactly("c2-g1-m1");
        assertThat(TREE.subtree("nope")).isEmpty();
    }

    @Test
    void containsMeansSelfOrBelow() {
        assertThat(TREE.contains("t", "c2-g1-m1")).isTrue();
        assertThat(TREE.contains("c1", "c1")).isTrue();
        assertThat(TREE.contains("c1", "c1-g2-m1")).isTrue();
        assertThat(TREE.contains("c1-g1", "c1-g2-m1")).isFalse();
        assertThat(TREE.contains("c1", "c2")).isFalse();
        assertThat(TREE.contains("c1-g1-m1", "c1-g1")).isFalse();
        assertThat(TREE.contains("nope", "c1")).isFalse();
        assertThat(TREE.contains("c1", "nope")).isFalse();
        // every pair agrees with the ancestor chain
        for (UnitInfo a : TREE.all()) {
            for (UnitInfo b : TREE.all()) {
                assertThat(TREE.contains(a.id(), b.id())).isEqualTo(TREE.ancestorsOrSelf(b.id()).contains(a.id()));
            }
        }
    }

    @Test
    void childrenAreSortedById() {
        assertThat(TREE.children("c1")).extracting(UnitInfo::id).containsExactly("c1-g1", "c1-g2");
        assertThat(TREE.children("c2-g1-m1")).isEmpty();
    }

    @Test
    void severalTopUnits() {
        UnitTree two = new UnitTree(List.of(new UnitInfo("b", "", UnitKind.TOWN, "乔司街道"),
                new UnitInfo("a", "", UnitKind.TOWN, "所前镇"), new UnitInfo("a1", "a", UnitKind.COMMUNITY, "x")));
        assertThat(two.subtree("a")).containsExactly("a", "a1");
        assertThat(two.contains("b", "a1")).isFalse();
    }

    @Test
    void rejectsOrphansCyclesAndDuplicates() {
        assertThatThrownBy(() -> new UnitTree(List.of(new UnitInfo("a", "x", UnitKind.GRID, "a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parent x");
        assertThatThrownBy(() -> new UnitTree(List.of(new UnitInfo("a", "b", UnitKind.GRID, "a"),
                new UnitInfo("b", "a", UnitKind.GRID, "b")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnitTree(List.of(new UnitInfo("a", "", UnitKind.TOWN, "a"),
                new UnitInfo("a", "", UnitKind.TOWN, "a")))).isInstanceOf(IllegalArgumentException.class);
    }
}
