package org.gridcast.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.GridcastException;

/**
 * Issues and verifies login tokens: {@code v1.<base64url(payload)>.<base64url(HMAC-SHA256)>}.
 * The payload is {@code member \n device \n issuedAtMs \n expiresAtMs} in UTF-8. The MAC covers
 * {@code v1.<payload>}; the algorithm is fixed by the server, so a token cannot pick a weaker one.
 */
public final class TokenService {
    /** Long enough that a resident's phone does not need a new invite every month. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(30);
    /**
     * The longest life a token may be given, the default one: a leaked token is a key to the
     * member's notices and consultations until it expires, and a phone renews by logging in
     * again with a new invite long before 30 days matter to anyone.
     */
    public static final Duration MAX_TTL = DEFAULT_TTL;
    /** A token is a few hundred bytes; anything far bigger is not ours and not worth decoding. */
    public static final int MAX_TOKEN_CHARS = 2048;
    /** Member and device ids are short; the limit keeps a token small. */
    public static final int MAX_ID_CHARS = 128;

    private static final String PREFIX = "v1.";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;

    public TokenService(byte[] secret, Clock clock) {
        if (secret.length < Secret.LENGTH) {
            throw new IllegalArgumentException("secret shorter than " + Secret.LENGTH + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.clock = clock;
    }

    /** @param device empty = the token works on any device */
    public String issue(String member, String device, Duration ttl) {
        checkId(member, false);
        checkId(device, true);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + MAX_TTL.toHours() + " hours");
        }
        long now = clock.millis();
        String payload = member + "\n" + device + "\n" + now + "\n" + (now + ttl.toMillis());
        String signed = PREFIX + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return signed + "." + B64.encodeToString(mac(signed));
    }

    public String issue(String member, String device) {
        return issue(member, device, DEFAULT_TTL);
    }

    /** @throws GridcastException UNAUTHENTICATED when the token is malformed, forged or expired */
    public TokenClaims verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS || !token.startsWith(PREFIX)) {
            throw unauthenticated("malformed token");
        }
        int dot = token.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            throw unauthenticated("malformed token");
        }
        String signed = token.substring(0, dot);
        // The signature is compared as text, in the one spelling issue() writes. Decoding it
        // first would also accept other spellings of the same bytes (a trailing '=', other
        // values in the unused low bits of the last character): one token, many strings.
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.UTF_8);
        byte[] expected = B64.encode(mac(signed));
        if (!MessageDigest.isEqual(given, expected)) {
            throw unauthenticated("bad token signature");
        }
        byte[] payload;
        try {
            payload = B64D.decode(signed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw unauthenticated("malformed token");
        }
        TokenClaims claims = parse(new String(payload, StandardCharsets.UTF_8));
        if (clock.millis() >= claims.expiresAtMs()) {
            throw unauthenticated("token expired");
        }
        return claims;
    }

    private static TokenClaims parse(String payload) {
        String[] parts = payload.split("\n", -1);
        if (parts.length != 4 || parts[0].isEmpty()) {
            throw unauthenticated("malformed token");
        }
        try {
            return new TokenClaims(parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        } catch (NumberFormatException e) {
            throw unauthenticated("malformed token");
        }
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static void checkId(String id, boolean mayBeEmpty) {
        if (id == null || (!mayBeEmpty && id.isEmpty()) || id.length() > MAX_ID_CHARS || id.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("bad id: " + id);
        }
    }

    private static GridcastException unauthenticated(String message) {
        return new GridcastException(ErrorCode.UNAUTHENTICATED, message);
    }
}
