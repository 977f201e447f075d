package org.gridcast.server.notice;

import org.gridcast.protocol.Notice;

/**
 * The result of storing an entry: where it went, whether it was a retry of an earlier post
 * (then {@code seq} and {@code stored} are the first post's), and for point-to-point posts how
 * many inboxes it reached.
 */
public record Posted(String channel, long seq, boolean duplicate, int recipients, Notice stored) {
}
