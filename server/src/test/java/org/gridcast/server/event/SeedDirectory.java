package org.gridcast.server.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.seeds.SeedMember;
import org.gridcast.seeds.SeedUnit;
import org.gridcast.seeds.UnitKind;

/** An {@link EventDirectory} over seed records held in memory: real data, no Redis needed for the tree. */
public final class SeedDirectory implements EventDirectory {
    private final Map<String, SeedUnit> units = new HashMap<>();
    private final Map<String, EventMember> members = new HashMap<>();
    private final Map<String, List<EventMember>> byUnit = new HashMap<>();

    public SeedDirectory(Collection<SeedUnit> units, Collection<SeedMember> members) {
        units.forEach(u -> this.units.put(u.id(), u));
        for (SeedMember m : members) {
            EventMember em = new EventMember(m.id(), m.role(), m.unit(), m.name(), m.tag());
            this.members.put(m.id(), em);
            byUnit.computeIfAbsent(m.unit(), k -> new ArrayList<>()).add(em);
        }
    }

    @Override
    public CompletionStage<Optional<EventMember>> member(String memberId) {
        return CompletableFuture.completedFuture(Optional.ofNullable(members.get(memberId)));
    }

    @Override
    public CompletionStage<List<EventMember>> membersOf(String unit) {
        return CompletableFuture.completedFuture(List.copyOf(byUnit.getOrDefault(unit, List.of())));
    }

    @Override
    public boolean within(String scopeUnit, String unit) {
        return ancestorsOrSelf(unit).contains(scopeUnit);
    }

    @Override
    public List<String> ancestorsOrSelf(String unit) {
        List<String> out = new ArrayList<>();
        SeedUnit u = units.get(unit);
        while (u != null) {
            out.add(u.id());
            u = u.parent().isEmpty() ? null : units.get(u.parent());
        }
        return out;
    }

    @Override
    public boolean isHandlerUnit(String unit) {
        SeedUnit u = units.get(unit);
        return u != null && u.kind() == UnitKind.DEPARTMENT;
    }

    @Override
    public boolean exists(String unit) {
        return units.containsKey(unit);
    }

    @Override
    public Optional<String> communityOf(String unit) {
        return ancestorsOrSelf(unit).stream().filter(u -> units.get(u).kind() == UnitKind.COMMUNITY).findFirst();
    }
}
