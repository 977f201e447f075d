package org.gridcast.server.event;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.gridcast.seeds.UnitKind;
import org.gridcast.server.directory.DirectoryHierarchy;
import org.gridcast.server.directory.DirectoryStore;
import org.gridcast.server.directory.MemberInfo;
import org.gridcast.server.directory.UnitTree;

/** The event domain's view of the core directory: members in Redis, the tree in memory. */
public final class CoreEventDirectory implements EventDirectory {
    /** Handler units (departments, shop alliances) are small; a unit listing stops here. */
    public static final int MAX_UNIT_MEMBERS = 1_000;

    private final DirectoryStore directory;
    private final DirectoryHierarchy hierarchy;

    public CoreEventDirectory(DirectoryStore directory, DirectoryHierarchy hierarchy) {
        this.directory = directory;
        this.hierarchy = hierarchy;
    }

    @Override
    public CompletionStage<Optional<EventMember>> member(String memberId) {
        return directory.member(memberId).thenApply(m -> m.map(CoreEventDirectory::eventMember));
    }

    @Override
    public CompletionStage<List<EventMember>> membersOf(String unit) {
        UnitTree tree = hierarchy.tree();
        return directory.memberIdsOfSubtree(tree, unit)
                .thenCompose(ids -> directory.members(ids.size() > MAX_UNIT_MEMBERS ? ids.subList(0, MAX_UNIT_MEMBERS) : ids))
                .thenApply(members -> members.stream().filter(m -> m.unit().equals(unit))
                        .map(CoreEventDirectory::eventMember).toList());
    }

    @Override
    public boolean within(String scopeUnit, String unit) {
        UnitTree tree = hierarchy.tree();
        return tree.exists(scopeUnit) && tree.exists(unit) && tree.contains(scopeUnit, unit);
    }

    @Override
    public List<String> ancestorsOrSelf(String unit) {
        UnitTree tree = hierarchy.tree();
        return tree.exists(unit) ? tree.ancestorsOrSelf(unit) : List.of();
    }

    @Override
    public boolean isHandlerUnit(String unit) {
        return hierarchy.tree().unit(unit).map(u -> u.kind() == UnitKind.DEPARTMENT).orElse(false);
    }

    @Override
    public boolean exists(String unit) {
        return hierarchy.tree().exists(unit);
    }

    @Override
    public Optional<String> communityOf(String unit) {
        UnitTree tree = hierarchy.tree();
        for (String u : ancestorsOrSelf(unit)) {
            if (tree.unit(u).map(info -> info.kind() == UnitKind.COMMUNITY).orElse(false)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    private static EventMember eventMember(MemberInfo m) {
        return new EventMember(m.id(), m.role(), m.unit(), m.name(), m.tag());
    }
}
