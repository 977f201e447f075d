package org.gridcast.server.session;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Looks a member up at login. The composition root adapts the directory to it; the session
 * package does not know where members live.
 */
@FunctionalInterface
public interface MemberResolver {
    /** Empty when the member is unknown (removed from the directory): the login is refused. */
    CompletionStage<Optional<MemberIdentity>> resolve(String member);
}
