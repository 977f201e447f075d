package org.gridcast.server.net;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.server.session.Session;

/**
 * Answers one kind of request from a logged-in session. Returns the reply body (e.g. a
 * {@code FetchResult}); the dispatcher wraps it with the request's id. Fail the stage with a
 * {@link org.gridcast.server.GridcastException} to answer with an Error.
 */
@FunctionalInterface
public interface RequestHandler {
    CompletionStage<? extends Message> handle(Session session, Envelope request);
}
