package org.gridcast.server.directory;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.gridcast.server.fanout.UnitHierarchy;

/**
 * The node's current unit tree, shared by fan-out, presence and the handlers. The tree is
 * loaded from Redis after the seed import, before the node accepts clients; until then it is
 * empty.
 */
public final class DirectoryHierarchy implements UnitHierarchy {
    private final AtomicReference<UnitTree> tree = new AtomicReference<>(UnitTree.empty());

    public UnitTree tree() {
        return tree.get();
    }

    public void set(UnitTree loaded) {
        tree.set(loaded);
    }

    @Override
    public List<String> ancestorsOrSelf(String unit) {
        UnitTree t = tree.get();
        return t.exists(unit) ? t.ancestorsOrSelf(unit) : List.of(unit);
    }

    @Override
    public List<String> subtree(String unit) {
        UnitTree t = tree.get();
        return t.exists(unit) ? t.subtree(unit) : List.of(unit);
    }
}
