package org.gridcast.server.notice;

import java.util.List;

/**
 * A stored entry, whether the caller must publish it (a new entry, or a retry of one whose
 * publish never completed: {@link PublishMarks}), and the nodes its store script named for that
 * publish (none for {@code append.lua}, whose caller finds the followers' nodes itself).
 */
record Routed(Posted posted, boolean publish, List<String> nodes) {
}
