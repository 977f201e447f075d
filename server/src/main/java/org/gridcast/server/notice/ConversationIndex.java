package org.gridcast.server.notice;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The consultation channels ({@code c:<id>}) a member follows; supplied by the event module. */
@FunctionalInterface
public interface ConversationIndex {
    ConversationIndex NONE = member -> CompletableFuture.completedFuture(List.of());

    /** Conversation ids (without the {@code c:} prefix) the member is a party of. */
    CompletionStage<List<String>> conversationsOf(String member);
}
