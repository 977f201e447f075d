package org.gridcast.server.directory;

import org.gridcast.server.redis.RedisKeys;
import org.gridcast.server.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import org.gridcast.server.redis.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridcast.seeds.Role;
import org.gridcast.server.GridcastException;

/**
 * One-time invite codes (keys {@code invite:<code>}): staff hand a code to a resident, whose
 * phone redeems it once to get a token. The code is read aloud or typed from a poster, so it
 * uses an alphabet without look-alikes (no 0/O, 1/I/L).
 *
 * <p>Expiry is checked against the injected clock (stored in the invite); Redis also gets the
 * TTL, so a never-used invite does not stay forever.
 */
public final class Invites {
    /** Digits and capitals minus 0, O, 1, I, L: unambiguous on a poster or over the phone. */
    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    /** 31^10 ≈ 8·10^14 codes: guessing a live one is hopeless at any rate limit. */
    public static final int CODE_LENGTH = 10;
    /** As IssueInvite says: 72 hours unless asked otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(72);
    /** 30 days: an invite is a bearer credential; it must not live for ever. */
    public static final Duration MAX_TTL = Duration.ofHours(720);
    /** Collisions are astronomically rare; a few retries make them impossible in practice. */
    private static final int ISSUE_ATTEMPTS = 3;

    private static final LuaScript ISSUE = LuaScript.load("dir_invite_issue.lua");
    private static final LuaScript REDEEM = LuaScript.load("dir_invite_redeem.lua");

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Invites(RedisLink<String, byte[]> connection, Clock clock) {
        this.redis = connection.async();
        this.clock = clock;
    }

    /**
     * @param member an existing member the invite signs in as, or empty for a new resident
     * @param issuerRole the issuer's role when issuing: stored, so redeeming can refuse an invite
     *                   for an existing member that no operator issued (defence in depth)
     * @param ttl null or zero means {@link #DEFAULT_TTL}; more than {@link #MAX_TTL} is refused
     */
    public CompletionStage<Invite.Issued> issue(String unit, String name, String member, String issuer, Role issuerRole,
                                                Duration ttl) {
        Duration life = ttl == null || ttl.isZero() ? DEFAULT_TTL : ttl;
        if (life.isNegative() || life.compareTo(MAX_TTL) > 0) {
            return CompletableFuture.failedFuture(GridcastException.limit("invite lifetime must be at most " + MAX_TTL.toHours() + " hours"));
        }
        long expires = clock.millis() + life.toMillis();
        return attempt(unit, nullToEmpty(name), nullToEmpty(member), issuer, issuerRole.name(), life, expires,
                ISSUE_ATTEMPTS);
    }

    private CompletionStage<Invite.Issued> attempt(String unit, String name, String member, String issuer,
                                                   String issuerRole, Duration life, long expires, int attemptsLeft) {
        String code = newCode();
        return ISSUE.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {RedisKeys.invite(code)},
                DirectoryCodec.bytes(unit), DirectoryCodec.bytes(name), DirectoryCodec.bytes(member),
                DirectoryCodec.bytes(issuer), DirectoryCodec.bytes(Long.toString(expires)),
                DirectoryCodec.bytes(Long.toString(life.toMillis())), DirectoryCodec.bytes(issuerRole))
                .thenCompose(stored -> {
                    if (stored == 1) {
                        return CompletableFuture.completedFuture(new Invite.Issued(code, expires));
                    }
                    if (attemptsLeft <= 1) {
                        return CompletableFuture.failedFuture(new IllegalStateException("no free invite code"));
                    }
                    return attempt(unit, name, member, issuer, issuerRole, life, expires, attemptsLeft - 1);
                });
    }

    /**
     * Takes the invite: at most one call ever gets it. Unknown, used and expired codes give
     * empty. Case, spaces and dashes a person may add when typing are ignored.
     */
    public CompletionStage<Optional<Invite>> redeem(String typed) {
        String code = normalize(typed);
        if (code == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return REDEEM.<List<Object>>run(redis, ScriptOutputType.MULTI, new String[] {RedisKeys.invite(code)})
                .thenApply(reply -> {
                    if (reply.isEmpty()) {
                        return Optional.empty();
                    }
                    Map<String, byte[]> h = DirectoryCodec.hash(reply, 0);
                    long expires = Long.parseLong(DirectoryCodec.text(h.get("expires")));
                    if (clock.millis() >= expires) {
                        return Optional.empty();
                    }
                    return Optional.of(new Invite(code, DirectoryCodec.text(h.get("unit")), DirectoryCodec.text(h.get("name")),
                            DirectoryCodec.text(h.get("member")), DirectoryCodec.text(h.get("issuer")),
                            DirectoryCodec.text(h.get("issuerRole")), expires));
                });
    }

    /**
     * True when the invite exists and names nobody, so whoever redeems it must type a name.
     * Read without taking the invite: a redeem refused for a missing name must not burn the code.
     */
    public CompletionStage<Boolean> needsName(String typed) {
        String code = normalize(typed);
        if (code == null) {
            return CompletableFuture.completedFuture(false);
        }
        return redis.hmget(RedisKeys.invite(code), "unit", "name", "member").thenApply(values -> {
            boolean exists = values.get(0).hasValue();
            boolean named = values.get(1).hasValue() && values.get(1).getValue().length > 0;
            boolean forMember = values.get(2).hasValue() && values.get(2).getValue().length > 0;
            return exists && !named && !forMember;
        });
    }

    String newCode() {
        char[] code = new char[CODE_LENGTH];
        for (int i = 0; i < CODE_LENGTH; i++) {
            code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    /** The canonical code, or null when it cannot be one of ours (no Redis call for junk). */
    static String normalize(String typed) {
        if (typed == null || typed.length() > 4 * CODE_LENGTH) {
            return null;
        }
        String code = typed.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
        if (code.length() != CODE_LENGTH) {
            return null;
        }
        for (int i = 0; i < code.length(); i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return null;
            }
        }
        return code;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
