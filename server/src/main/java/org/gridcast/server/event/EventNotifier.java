package org.gridcast.server.event;

import java.util.Collection;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.EventUpdate;

/**
 * Tells members that an event changed. The integrator routes each call into the members' inboxes
 * through the core's NoticeStore ({@code appendToInbox(member, Notice{kind:"event", extra:update},
 * dedupeId)}), so pushes, unread counts and the no-loss guarantee are the core's. {@code dedupeId}
 * is stable per (event, version) or (event, flag), so a retried call stores nothing twice.
 */
public interface EventNotifier {
    CompletionStage<Void> notify(Collection<String> members, EventUpdate update, String dedupeId);
}
