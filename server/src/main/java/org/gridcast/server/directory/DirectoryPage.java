package org.gridcast.server.directory;

import java.util.List;

/**
 * One page of a directory listing: units in depth-first order, each followed (when members are
 * asked for) by its members sorted by id. {@code nextPageToken} is empty on the last page.
 */
public record DirectoryPage(List<UnitInfo> units, List<MemberInfo> members, String nextPageToken) {
    public DirectoryPage {
        units = List.copyOf(units);
        members = List.copyOf(members);
    }

    public boolean isLast() {
        return nextPageToken.isEmpty();
    }
}
