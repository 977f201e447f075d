package org.gridcast.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.GridcastException;

/**
 * Fuzzes {@link TokenService#verify}. Invariants: whatever the string, verify either returns the
 * claims of a token this secret signed, in exactly the form {@link TokenService#issue} writes, or
 * throws {@link GridcastException} UNAUTHENTICATED with a message; and a valid token changed in
 * any one place (a character replaced, inserted or removed, or the token cut short) never
 * verifies, so a token has one spelling only (revocation lists and logs can rely on it).
 *
 * <p>Without JAZZER_FUZZ the inputs under {@code TokenServiceFuzzTestInputs/} replay as ordinary
 * tests; {@code scripts/fuzz.sh token} fuzzes.
 */
class TokenServiceFuzzTest {
    private static final byte[] SECRET = new byte[Secret.LENGTH];
    private static final Instant NOW = Instant.parse("2024-05-01T08:00:00Z");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static {
        Arrays.fill(SECRET, (byte) 7);
    }

    private static final TokenService TOKENS = new TokenService(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
    /** Issues with a clock an hour back, so expired tokens carry a valid signature too. */
    private static final TokenService PAST = new TokenService(SECRET,
            Clock.fixed(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC));

    @FuzzTest(maxDuration = "10m")
    void arbitraryStringsVerifyOnlyWhenSigned(FuzzedDataProvider data) {
        String token = data.consumeRemainingAsString();
        TokenClaims claims;
        try {
            claims = TOKENS.verify(token);
        } catch (GridcastException e) {
            assertRefused(e);
            return;
        }
        // Accepted: it must be the exact text issue() writes for these claims, under our key.
        String signed = token.substring(0, token.lastIndexOf('.'));
        assertThat(token).isEqualTo(signed + "." + B64.encodeToString(hmac(signed)));
        String payload = claims.member() + "\n" + claims.device() + "\n" + claims.issuedAtMs() + "\n"
                + claims.expiresAtMs();
        assertThat(signed).isEqualTo("v1." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)));
        assertThat(claims.expiresAtMs()).isGreaterThan(NOW.toEpochMilli());
    }

    @FuzzTest(maxDuration = "10m")
    void validTokenChangedAnywhereIsRefused(FuzzedDataProvider data) {
        String member = id(data, 1);
        String device = id(data, 0);
        boolean expired = data.consumeBoolean();
        String token = expired
                ? PAST.issue(member, device, Duration.ofMinutes(data.consumeInt(1, 60)))
                : TOKENS.issue(member, device, Duration.ofMinutes(data.consumeInt(61, 60 * 24 * 30)));
        String changed = mutate(token, data);
        if (changed.equals(token)) {
            return;
        }
        try {
            TokenClaims claims = TOKENS.verify(changed);
            throw new AssertionError("changed token verified: " + changed + " (from " + token + ") -> " + claims);
        } catch (GridcastException e) {
            assertRefused(e);
        }
    }

    private static void assertRefused(GridcastException e) {
        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(e.getMessage()).isNotBlank();
    }

    /** An id {@link TokenService#issue} takes: up to 128 chars, no line break. */
    private static String id(FuzzedDataProvider data, int minLength) {
        String s = data.consumeString(TokenService.MAX_ID_CHARS).replace('\n', '_');
        return s.length() < minLength ? "m" : s;
    }

    /** Characters a token is made of, and '=' (padding): the mutations most likely to be spelling variants. */
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.";

    private static String mutate(String token, FuzzedDataProvider data) {
        int at = data.consumeInt(0, token.length());
        char c = data.consumeBoolean()
                ? TOKEN_CHARS.charAt(data.consumeInt(0, TOKEN_CHARS.length() - 1))
                : data.consumeChar();
        return switch (data.consumeInt(0, 3)) {
            case 0 -> at == token.length() ? token + c : token.substring(0, at) + c + token.substring(at + 1);
            case 1 -> token.substring(0, at) + c + token.substring(at);
            case 2 -> at == token.length() ? token.substring(0, at - 1) : token.substring(0, at) + token.substring(at + 1);
            default -> token.substring(0, at);
        };
    }

    /** The test's own HMAC, so the oracle does not share code with what it checks. */
    private static byte[] hmac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
