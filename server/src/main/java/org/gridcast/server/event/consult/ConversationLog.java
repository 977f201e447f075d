package org.gridcast.server.event.consult;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ChatMessage;

/**
 * The message log of a consultation. The integrator maps it onto the core's channel
 * {@code c:<conversationId>}: append → {@code NoticeStore.append(channel, Notice{kind:"chat",
 * extra:message}, dedupeId)} (seq, pushes and unread counts are the core's), parties → who follows
 * the channel, history → Fetch, readCursor → {@code ch:{c:<id>}:read}.
 */
public interface ConversationLog {
    /** Makes exactly these members follow the conversation (on open and on hand-over). */
    CompletionStage<Void> setParties(String conversationId, Collection<String> parties);

    /** Appends a message; completes with its seq (1, 2, ... without gaps). A retry with the same dedupeId returns the first seq. */
    CompletionStage<Long> append(String conversationId, ChatMessage message, String dedupeId);

    /** Messages with seq in (afterSeq, afterSeq + limit], oldest first, seq filled in. */
    CompletionStage<List<ChatMessage>> history(String conversationId, long afterSeq, int limit);

    /** The member's read cursor (highest seq read) on the conversation: the other party's read receipt. */
    CompletionStage<Long> readCursor(String conversationId, String member);
}
