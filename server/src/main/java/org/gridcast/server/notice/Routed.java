package org.gridcast.server.notice;

import java.util.List;

/** A stored entry and the nodes its store script named for the publish that follows. */
record Routed(Posted posted, List<String> nodes) {
}
