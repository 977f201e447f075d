package org.gridcast.server.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.seeds.Role;
import org.gridcast.seeds.UnitKind;

/**
 * What a resident (a shop operator 商户 included) sees of the directory: the staff they can turn
 * to — their micro-grid leader (微网格长), grid worker (网格员) and community staff — and the
 * units of that chain, never their neighbours. A resident's names, tags ("floating", "shop")
 * and ids are for staff; listing them to any resident of the micro-grid exposed who is floating
 * population or lives where. One page: a chain holds a handful of staff.
 */
final class StaffContacts {
    private final DirectoryStore directory;

    StaffContacts(DirectoryStore directory) {
        this.directory = directory;
    }

    /** The chain from {@code home} up to its community, with the staff whose home is on it. */
    CompletionStage<DirectoryPage> of(UnitTree tree, String home, boolean includeMembers) {
        List<String> chain = chain(tree, home);
        List<UnitInfo> units = new ArrayList<>(chain.size());
        chain.forEach(u -> units.add(tree.unit(u).orElseThrow()));
        if (!includeMembers) {
            return CompletableFuture.completedFuture(new DirectoryPage(units, List.of(), ""));
        }
        return directory.memberIdsOf(chain).thenCompose(directory::members).thenApply(found -> {
            List<MemberInfo> staff = new ArrayList<>();
            for (MemberInfo m : found) {
                if (m.role() != Role.RESIDENT && m.role() != Role.OPERATOR) {
                    staff.add(new MemberInfo(m.id(), m.unit(), m.role(), m.name(), "", 0));
                }
            }
            staff.sort(Comparator.comparing((MemberInfo m) -> chain.indexOf(m.unit())).thenComparing(MemberInfo::id));
            return new DirectoryPage(units, staff, "");
        });
    }

    /** The home unit and its ancestors up to the first community (inclusive), nearest first. */
    private static List<String> chain(UnitTree tree, String home) {
        List<String> chain = new ArrayList<>();
        for (String u : tree.ancestorsOrSelf(home)) {
            chain.add(u);
            if (tree.unit(u).map(x -> x.kind() == UnitKind.COMMUNITY).orElse(false)) {
                break;
            }
        }
        return chain;
    }
}
