package org.gridcast.server.directory;

import com.google.protobuf.Message;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.InviteRedeemed;
import org.gridcast.protocol.RedeemInvite;
import org.gridcast.seeds.Role;
import org.gridcast.server.GridcastException;
import org.gridcast.server.auth.TokenService;
import org.gridcast.server.net.AnonymousHandler;
import org.gridcast.server.session.LoginHandler;
import org.gridcast.server.text.TextLength;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RedeemInvite (before login): exchanges a one-time invite code for a token bound to this
 * device. An invite naming no member creates a resident in the invite's micro-grid. An invite
 * naming an existing member gives a token for that member only when an operator issued it: the
 * role recorded at issue time and the issuer's role now must both be OPERATOR (defence in depth
 * behind {@link IssueInviteHandler}, and a guard against invites stored before roles were
 * recorded). Every redemption is written to the audit log, the invite's issuer as the actor.
 */
public final class RedeemInviteHandler implements AnonymousHandler {
    /** A resident's display name: long enough for any Chinese name with a note, short enough to list. */
    public static final int MAX_NAME_CHARS = 64;
    private static final Logger LOG = LoggerFactory.getLogger(RedeemInviteHandler.class);

    private final Invites invites;
    private final DirectoryStore directory;
    private final MemberChanges changes;
    private final TokenService tokens;
    private final DirectoryAudit audit;

    public RedeemInviteHandler(Invites invites, DirectoryStore directory, MemberChanges changes, TokenService tokens,
                               DirectoryAudit audit) {
        this.invites = invites;
        this.directory = directory;
        this.changes = changes;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public CompletionStage<? extends Message> handle(Channel channel, Envelope request) {
        RedeemInvite redeem = request.getRedeemInvite();
        String device = redeem.getDevice();
        if (device.isEmpty() || !TextLength.within(device, LoginHandler.MAX_DEVICE_CHARS)) {
            throw GridcastException.badRequest("device must be 1 to " + LoginHandler.MAX_DEVICE_CHARS + " characters");
        }
        if (!TextLength.within(redeem.getName(), MAX_NAME_CHARS)) {
            throw GridcastException.limit("name is at most " + MAX_NAME_CHARS + " characters");
        }
        CompletionStage<Boolean> nameMissing = redeem.getName().isEmpty()
                ? invites.needsName(redeem.getCode()) : CompletableFuture.completedFuture(false);
        return nameMissing.thenCompose(missing -> {
            if (missing) {
                throw GridcastException.badRequest("name is required: the invite does not name the resident");
            }
            return invites.redeem(redeem.getCode());
        }).thenCompose(found -> {
            Invite invite = found.orElseThrow(() ->
                    new GridcastException(ErrorCode.INVALID_INVITE, "unknown, used or expired invite code"));
            CompletionStage<String> member = invite.member().isEmpty() ? newResident(invite, redeem.getName())
                    : existingMember(invite);
            return member.thenCompose(id -> audit.record(new DirectoryAudit.Entry(invite.issuer(),
                            DirectoryAudit.Action.INVITE_REDEEM, id, "", invite.unit()))
                    .thenApply(entry -> InviteRedeemed.newBuilder().setMember(id)
                            .setToken(tokens.issue(id, device)).build()));
        });
    }

    /** The invite's member, if an operator issued it and still is one; the invite is spent either way. */
    private CompletionStage<String> existingMember(Invite invite) {
        if (!Role.OPERATOR.name().equals(invite.issuerRole())) {
            return CompletableFuture.failedFuture(refused(invite));
        }
        return directory.member(invite.issuer()).thenCompose(issuer -> {
            if (issuer.map(m -> m.role() != Role.OPERATOR).orElse(true)) {
                throw refused(invite);
            }
            return directory.member(invite.member());
        }).thenApply(member -> member.orElseThrow(() ->
                new GridcastException(ErrorCode.INVALID_INVITE, "the invite's member no longer exists")).id());
    }

    /**
     * Logged: such an invite cannot come from this version's IssueInvite, so it is a stored invite
     * from before the fix or a takeover attempt. The ids were written by the server, not typed.
     */
    private static GridcastException refused(Invite invite) {
        LOG.warn("refused an invite for existing member {} issued by {} as '{}'", invite.member(), invite.issuer(),
                invite.issuerRole());
        return GridcastException.forbidden("an invite for an existing member must come from an operator");
    }

    private CompletionStage<String> newResident(Invite invite, String typedName) {
        String name = !invite.name().isEmpty() ? invite.name() : typedName;
        if (name.isEmpty()) {
            throw GridcastException.badRequest("name is required: the invite does not name the resident");
        }
        MemberInfo resident = new MemberInfo(DirectoryStore.newMemberId(invite.unit()), invite.unit(), Role.RESIDENT,
                name, "", 0);
        return directory.addMember(resident).thenCompose(changes::joined).thenApply(MemberInfo::id);
    }
}
