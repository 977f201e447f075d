package org.gridcast.server.fanout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The members of a consultation channel {@code c:<id>}; supplied by the event module. */
@FunctionalInterface
public interface ConversationParties {
    /** Knows no conversations; pushes on {@code c:} channels reach nobody. */
    ConversationParties NONE = id -> CompletableFuture.completedFuture(List.of());

    CompletionStage<List<String>> parties(String conversationId);
}
