package org.gridcast.server.auth;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.GridcastException;
import org.gridcast.server.session.MemberIdentity;
import org.gridcast.server.session.MemberResolver;

/**
 * Checks an HTTP {@code Authorization: Bearer TOKEN} header as Login checks a token: signature
 * and expiry ({@link TokenService#verify}), revocation of the member and of the token's device
 * ({@link Revocations}), and that the member is still in the directory. An HTTP request names no
 * device of its own, so a device-bound token is checked against its own device's revocation.
 */
public final class BearerAuth {
    private static final String SCHEME = "Bearer ";

    private final TokenService tokens;
    private final Revocations revocations;
    private final MemberResolver members;

    public BearerAuth(TokenService tokens, Revocations revocations, MemberResolver members) {
        this.tokens = tokens;
        this.revocations = revocations;
        this.members = members;
    }

    /** The member; fails with UNAUTHENTICATED or REVOKED. */
    public CompletionStage<MemberIdentity> authenticate(String authorization) {
        TokenClaims claims;
        try {
            if (authorization == null || authorization.length() < SCHEME.length()
                    || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
                throw new GridcastException(ErrorCode.UNAUTHENTICATED, "Authorization: Bearer TOKEN is required");
            }
            claims = tokens.verify(authorization.substring(SCHEME.length()).trim());
        } catch (GridcastException e) {
            return CompletableFuture.failedFuture(e);
        }
        return revocations.isRevoked(claims.member(), claims.device(), claims.issuedAtMs())
                .thenCompose(revoked -> {
                    if (revoked) {
                        throw new GridcastException(ErrorCode.REVOKED, "token revoked");
                    }
                    return members.resolve(claims.member());
                })
                .thenApply((Optional<MemberIdentity> who) -> who.orElseThrow(
                        () -> new GridcastException(ErrorCode.UNAUTHENTICATED, "unknown member")));
    }
}
