package org.gridcast.server.directory;

import com.google.protobuf.Message;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Ok;
import org.gridcast.protocol.Revoke;
import org.gridcast.server.GridcastException;
import org.gridcast.server.auth.Revocations;
import org.gridcast.server.net.RequestHandler;
import org.gridcast.server.session.Session;

/** Revoke (operator): refuses the member's (or one device's) tokens and closes live sessions. */
public final class RevokeHandler implements RequestHandler {
    private final Revocations revocations;

    public RevokeHandler(Revocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public CompletionStage<? extends Message> handle(Session session, Envelope request) {
        Revoke revoke = request.getRevoke();
        if (!Scope.canRevoke(Actors.of(session))) {
            throw GridcastException.forbidden("only an operator may revoke");
        }
        if (revoke.getMember().isEmpty()) {
            throw GridcastException.badRequest("member is required");
        }
        CompletionStage<Void> done = revoke.getDevice().isEmpty()
                ? revocations.revokeMember(revoke.getMember())
                : revocations.revokeDevice(revoke.getMember(), revoke.getDevice());
        return done.thenApply(v -> Ok.getDefaultInstance());
    }
}
