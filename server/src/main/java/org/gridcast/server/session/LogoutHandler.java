package org.gridcast.server.session;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Ok;
import org.gridcast.server.auth.Revocations;
import org.gridcast.server.net.RequestHandler;

/**
 * Logout: the device signs out. Its token is revoked (a copy of it, say from a backup of the
 * phone, no longer logs in; the member's other devices keep theirs), then the reply is Ok and
 * the dispatcher closes the connection, which releases the session and its presence. Signing
 * in again takes a new token (a new invite), as after any revocation.
 */
public final class LogoutHandler implements RequestHandler {
    private final Revocations revocations;

    public LogoutHandler(Revocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        // this session is spared the kick the revocation publishes: it is answered Ok and closed
        return revocations.revokeDevice(session.member(), session.device(), session.id())
                .thenApply(v -> Ok.getDefaultInstance());
    }
}
