package org.gridcast.server.fanout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A fixed tree from (child → parent) pairs; for tests and a server without a directory. */
public final class InMemoryUnitHierarchy implements UnitHierarchy {
    /** Deeper than any real hierarchy (town → community → grid → micro-grid); stops a cycle. */
    public static final int MAX_DEPTH = 32;

    private final Map<String, String> parentOf;
    private final Map<String, List<String>> childrenOf = new HashMap<>();

    /** @param parentOf child unit → parent unit; top units are absent or map to "" */
    public InMemoryUnitHierarchy(Map<String, String> parentOf) {
        this.parentOf = Map.copyOf(parentOf);
        parentOf.forEach((child, parent) -> {
            if (!parent.isEmpty()) {
                childrenOf.computeIfAbsent(parent, k -> new ArrayList<>()).add(child);
            }
        });
    }

    public static InMemoryUnitHierarchy flat() {
        return new InMemoryUnitHierarchy(Map.of());
    }

    @Override
    public List<String> ancestorsOrSelf(String unit) {
        List<String> chain = new ArrayList<>();
        String u = unit;
        while (u != null && !u.isEmpty() && chain.size() < MAX_DEPTH) {
            chain.add(u);
            u = parentOf.get(u);
        }
        return chain;
    }

    @Override
    public List<String> subtree(String unit) {
        List<String> out = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(List.of(unit));
        while (!todo.isEmpty()) {
            String u = todo.pop();
            out.add(u);
            todo.addAll(childrenOf.getOrDefault(u, List.of()));
        }
        return out;
    }
}
