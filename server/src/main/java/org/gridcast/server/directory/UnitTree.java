package org.gridcast.server.directory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole unit hierarchy in memory, immutable. A town has a few thousand units, so every node
 * keeps the tree and answers scope questions without asking Redis.
 *
 * <p>Units are laid out in depth-first order (children sorted by id, top units sorted by id);
 * a subtree is then one contiguous slice of that order, which makes {@link #contains} two
 * integer comparisons and {@link #subtree} a view without copying.
 */
public final class UnitTree {
    private static final UnitTree EMPTY = new UnitTree(List.of());

    private final Map<String, UnitInfo> units = new HashMap<>();
    private final Map<String, List<UnitInfo>> children = new HashMap<>();
    /** Depth-first order of every unit id. */
    private final List<String> order = new ArrayList<>();
    /** Position of each unit in {@link #order}. */
    private final Map<String, Integer> first = new HashMap<>();
    /** One past the position of the unit's last descendant. */
    private final Map<String, Integer> end = new HashMap<>();
    private final Map<String, List<String>> ancestors = new HashMap<>();

    /**
     * @throws IllegalArgumentException when a unit names an unknown parent or units form a cycle
     */
    public UnitTree(Collection<UnitInfo> all) {
        for (UnitInfo u : all) {
            if (units.put(u.id(), u) != null) {
                throw new IllegalArgumentException("duplicate unit " + u.id());
            }
        }
        List<UnitInfo> tops = new ArrayList<>();
        for (UnitInfo u : all) {
            if (u.isTop()) {
                tops.add(u);
            } else if (!units.containsKey(u.parent())) {
                throw new IllegalArgumentException("unit " + u.id() + " has unknown parent " + u.parent());
            } else {
                children.computeIfAbsent(u.parent(), p -> new ArrayList<>()).add(u);
            }
        }
        Comparator<UnitInfo> byId = Comparator.comparing(UnitInfo::id);
        tops.sort(byId);
        children.replaceAll((id, kids) -> {
            kids.sort(byId);
            return Collections.unmodifiableList(kids);
        });
        for (UnitInfo top : tops) {
            layOut(top);
        }
        if (order.size() != units.size()) {
            throw new IllegalArgumentException("units not reachable from a top unit (a cycle?)");
        }
    }

    public static UnitTree empty() {
        return EMPTY;
    }

    private void layOut(UnitInfo top) {
        // iterative depth-first walk: a deep or hostile tree must not overflow the stack
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {top, 0});
        enter(top);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            UnitInfo unit = (UnitInfo) frame[0];
            int next = (Integer) frame[1];
            List<UnitInfo> kids = children.getOrDefault(unit.id(), List.of());
            if (next < kids.size()) {
                frame[1] = next + 1;
                UnitInfo kid = kids.get(next);
                enter(kid);
                stack.push(new Object[] {kid, 0});
            } else {
                end.put(unit.id(), order.size());
                stack.pop();
            }
        }
    }

    private void enter(UnitInfo unit) {
        first.put(unit.id(), order.size());
        order.add(unit.id());
        List<String> chain = new ArrayList<>();
        chain.add(unit.id());
        if (!unit.isTop()) {
            chain.addAll(ancestors.get(unit.parent()));
        }
        ancestors.put(unit.id(), Collections.unmodifiableList(chain));
    }

    public Optional<UnitInfo> unit(String id) {
        return Optional.ofNullable(id == null ? null : units.get(id));
    }

    public boolean exists(String id) {
        return id != null && units.containsKey(id);
    }

    /** The unit itself, then its parent, up to its top unit; empty for an unknown unit. */
    public List<String> ancestorsOrSelf(String id) {
        List<String> chain = id == null ? null : ancestors.get(id);
        return chain == null ? List.of() : chain;
    }

    /** True when {@code unit} is {@code scopeUnit} or below it; false when either is unknown. */
    public boolean contains(String scopeUnit, String unit) {
        Integer scopeStart = scopeUnit == null ? null : first.get(scopeUnit);
        Integer position = unit == null ? null : first.get(unit);
        if (scopeStart == null || position == null) {
            return false;
        }
        return position >= scopeStart && position < end.get(scopeUnit);
    }

    /** The unit and all its descendants, depth first (parents before children); empty if unknown. */
    public List<String> subtree(String id) {
        Integer start = id == null ? null : first.get(id);
        if (start == null) {
            return List.of();
        }
        return Collections.unmodifiableList(order.subList(start, end.get(id)));
    }

    /** Direct children sorted by id. */
    public List<UnitInfo> children(String id) {
        return children.getOrDefault(id, List.of());
    }

    public int size() {
        return units.size();
    }

    public Collection<UnitInfo> all() {
        return Collections.unmodifiableCollection(units.values());
    }
}
