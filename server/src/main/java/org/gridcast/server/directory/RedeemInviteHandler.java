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

/**
 * RedeemInvite (before login): exchanges a one-time invite code for a token bound to this
 * device. An invite naming no member creates a resident in the invite's micro-grid.
 */
public final class RedeemInviteHandler implements AnonymousHandler {
    /** A resident's display name: long enough for any Chinese name with a note, short enough to list. */
    public static final int MAX_NAME_CHARS = 64;

    private final Invites invites;
    private final DirectoryStore directory;
    private final MemberChanges changes;
    private final TokenService tokens;

    public RedeemInviteHandler(Invites invites, DirectoryStore directory, MemberChanges changes, TokenService tokens) {
        this.invites = invites;
        this.directory = directory;
        this.changes = changes;
        this.tokens = tokens;
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
                    : CompletableFuture.completedFuture(invite.member());
            return member.thenApply(id -> InviteRedeemed.newBuilder().setMember(id)
                    .setToken(tokens.issue(id, device)).build());
        });
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
