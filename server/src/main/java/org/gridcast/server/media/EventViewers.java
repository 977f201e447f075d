package org.gridcast.server.media;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether a member may see an event: the event domain's own read check (the composition root
 * plugs in {@code EventQueries.canView}), so a photo is shown to exactly those who may open the
 * report it belongs to.
 */
@FunctionalInterface
public interface EventViewers {
    EventViewers NOBODY = (member, event) -> CompletableFuture.completedFuture(false);

    CompletionStage<Boolean> mayView(String member, String eventId);
}
