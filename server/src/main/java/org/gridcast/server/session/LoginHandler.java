package org.gridcast.server.session;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.LoginOk;
import org.gridcast.server.GridcastException;
import org.gridcast.server.auth.Revocations;
import org.gridcast.server.auth.TokenClaims;
import org.gridcast.server.auth.TokenService;
import org.gridcast.server.metrics.GridcastMetrics;
import org.gridcast.server.net.AnonymousHandler;
import org.gridcast.server.net.ConnectionGuard;
import org.gridcast.server.net.InFlightLimit;
import org.gridcast.server.presence.Presence;
import org.gridcast.server.text.TextLength;

/**
 * Login: verify the token (signature, expiry, device), refuse revoked tokens, resolve the
 * member, open the session (replacing an older one of the same device, here or on another
 * node) and answer with the member's channel states.
 *
 * <p>Redis work of one login, in order: the revocation check and the member's directory hash
 * (read together), then, once the session is registered here, the revocation check again, the
 * presence claim, and the channel states (followed channels, then their heads and cursors).
 * A login whose first reads waited longer than its queue budget is refused UNAVAILABLE before
 * anything is written: its queue would make the rest pass the command timeout too.
 */
public final class LoginHandler implements AnonymousHandler {
    /** Device ids are app-chosen labels; the limit keeps Redis keys and tokens small. */
    public static final int MAX_DEVICE_CHARS = 128;
    /** The shed metric's label for the login cap. */
    public static final String LIMIT_LOGINS = "logins";
    /** What a login past the cap, or past its queue budget, is told (code UNAVAILABLE). */
    public static final String BUSY = "node busy with logins; retry with backoff";
    /**
     * How long a login's first reads (revocation, member) may take before it is refused rather
     * than continued. Lettuce fails a command after 5 s; a login makes about 3 more sequential
     * round trips after these reads, so one whose first round trip already took 2 s is queued
     * behind so much work that the rest would likely time out, after registering a session and
     * claiming presence that then need undoing. Refusing it costs nothing and sheds load.
     */
    public static final Duration DEFAULT_QUEUE_BUDGET = Duration.ofSeconds(2);

    private static final AttributeKey<Boolean> IN_PROGRESS = AttributeKey.valueOf("gridcast.login");
    /** Session ids: random as UUIDs were, so two nodes never pick the same one. */
    private static final SecureRandom SESSION_IDS = new SecureRandom();

    private final TokenService tokens;
    private final Revocations revocations;
    private final MemberResolver members;
    private final LoginStateProvider states;
    private final SessionRegistry registry;
    private final Presence presence;
    private final int heartbeatSeconds;
    private final GridcastMetrics metrics;
    private final long queueBudgetNanos;

    public LoginHandler(TokenService tokens, Revocations revocations, MemberResolver members,
            LoginStateProvider states, SessionRegistry registry, Presence presence, int heartbeatSeconds,
            GridcastMetrics metrics) {
        this(tokens, revocations, members, states, registry, presence, heartbeatSeconds, metrics,
                DEFAULT_QUEUE_BUDGET);
    }

    public LoginHandler(TokenService tokens, Revocations revocations, MemberResolver members,
            LoginStateProvider states, SessionRegistry registry, Presence presence, int heartbeatSeconds,
            GridcastMetrics metrics, Duration queueBudget) {
        if (queueBudget.isNegative() || queueBudget.isZero()) {
            throw new IllegalArgumentException("login queue budget must be positive");
        }
        this.queueBudgetNanos = queueBudget.toNanos();
        this.tokens = tokens;
        this.revocations = revocations;
        this.members = members;
        this.states = states;
        this.registry = registry;
        this.presence = presence;
        this.heartbeatSeconds = heartbeatSeconds;
        this.metrics = metrics;
    }

    /** The cap on logins in flight on a node, for {@code Dispatcher.limit(LOGIN, ...)}. */
    public static InFlightLimit admission(int maxLoginsInFlight) {
        return new InFlightLimit(LIMIT_LOGINS, maxLoginsInFlight, BUSY);
    }

    @Override
    public CompletionStage<LoginOk> handle(Channel channel, Envelope request) {
        Login login = request.getLogin();
        if (Session.of(channel) != null || channel.attr(IN_PROGRESS).setIfAbsent(Boolean.TRUE) != null) {
            throw GridcastException.badRequest("already logged in");
        }
        CompletionStage<LoginOk> result;
        try {
            result = login(channel, login);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.whenComplete((ok, failure) -> {
            metrics.login(failure == null ? "ok" : resultOf(failure));
            if (failure != null) {
                channel.attr(IN_PROGRESS).set(null);
            }
        });
    }

    private CompletionStage<LoginOk> login(Channel channel, Login login) {
        String device = login.getDevice();
        if (device.isEmpty() || !TextLength.within(device, MAX_DEVICE_CHARS)) {
            throw GridcastException.badRequest("device must be 1.." + MAX_DEVICE_CHARS + " chars");
        }
        TokenClaims claims = tokens.verify(login.getToken());
        if (!claims.allowsDevice(device)) {
            throw new GridcastException(ErrorCode.UNAUTHENTICATED, "token is for another device");
        }
        long started = System.nanoTime();
        // Two independent reads, sent together: one round trip of waiting instead of two. The
        // member is read even for a revoked token; a read changes nothing.
        CompletableFuture<Boolean> revoked =
                revocations.isRevoked(claims.member(), device, claims.issuedAtMs()).toCompletableFuture();
        CompletableFuture<Optional<MemberIdentity>> identity = members.resolve(claims.member()).toCompletableFuture();
        return revoked.thenCombine(identity, (isRevoked, found) -> {
                    if (isRevoked) {
                        throw new GridcastException(ErrorCode.REVOKED, "token revoked");
                    }
                    return found.orElseThrow(() -> new GridcastException(ErrorCode.UNAUTHENTICATED, "unknown member"));
                })
                .thenCompose(who -> {
                    if (System.nanoTime() - started > queueBudgetNanos) {
                        throw new GridcastException(ErrorCode.UNAVAILABLE, BUSY);
                    }
                    Session session = open(channel, who, device, claims);
                    return stillValid(session, claims).thenCompose(v -> presence.claim(session))
                            .thenCompose(v -> states.loginState(session, login.getCursorsList()))
                            .thenApply(state -> loginOk(session, state));
                });
    }

    /**
     * Checks the revocation again now that the session is registered. A revoke that landed
     * between the first check and the registration published its kick before this node knew
     * the session, so the kick missed it; revoking writes the key before it publishes, so either
     * this read sees the key, or the kick comes after the registration and finds the session.
     */
    private CompletionStage<Void> stillValid(Session session, TokenClaims claims) {
        return revocations.isRevoked(claims.member(), session.device(), claims.issuedAtMs()).thenAccept(revoked -> {
            if (revoked) {
                session.kick(ErrorCode.REVOKED, "token revoked");
                throw new GridcastException(ErrorCode.REVOKED, "token revoked");
            }
        });
    }

    private Session open(Channel channel, MemberIdentity who, String device, TokenClaims claims) {
        Session session = new Session(SESSION_IDS.nextLong(), who, device, claims.issuedAtMs(),
                claims.expiresAtMs(), channel);
        session.attach();
        // the session now refuses a second login; the flag would stay on every idle connection
        removeAttribute(channel, IN_PROGRESS);
        registry.add(session).ifPresent(older -> older.kick(ErrorCode.REPLACED, "signed in again on this device"));
        ConnectionGuard.loggedIn(channel);
        // The connection's guard removes the session when the connection ends; if it ended
        // before the session was registered, the guard may have missed it: remove it here.
        if (!channel.isOpen()) {
            registry.remove(session);
        }
        return session;
    }

    @SuppressWarnings("deprecation") // Netty deprecates removal for races on the key; only login touches this one
    private static void removeAttribute(Channel channel, AttributeKey<?> key) {
        channel.attr(key).getAndRemove();
    }

    private LoginOk loginOk(Session s, SyncState state) {
        return LoginOk.newBuilder()
                .setMember(s.member()).setRole(s.role().name()).setUnit(s.unit()).setName(s.name())
                .setNode(presence.node()).setHeartbeatSeconds(heartbeatSeconds)
                .addAllChannels(state.channels()).setUnreadTotal(state.unreadTotal())
                .build();
    }

    private static String resultOf(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof GridcastException g ? g.code().name().toLowerCase() : "error";
    }
}
