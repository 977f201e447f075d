package org.gridcast.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.server.GridcastException;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private static final byte[] SECRET = new byte[32];
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");

    static {
        Arrays.fill(SECRET, (byte) 7);
    }

    private final TokenService tokens = new TokenService(SECRET, Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void verifiesWhatItIssued() {
        String token = tokens.issue("alice", "phone-1", Duration.ofHours(2));

        assertThat(token).startsWith("v1.");
        TokenClaims claims = tokens.verify(token);
        assertThat(claims).isEqualTo(new TokenClaims("alice", "phone-1", T0.toEpochMilli(),
                T0.plus(Duration.ofHours(2)).toEpochMilli()));
        assertThat(claims.allowsDevice("phone-1")).isTrue();
        assertThat(claims.allowsDevice("phone-2")).isFalse();
    }

    @Test
    void ttlIsAtMostTheDefaultTokenLife() {
        assertThat(tokens.verify(tokens.issue("alice", "phone", TokenService.MAX_TTL)).member()).isEqualTo("alice");
        assertThatThrownBy(() -> tokens.issue("alice", "phone", TokenService.MAX_TTL.plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 720 hours");
    }

    @Test
    void tokenWithoutDeviceAllowsAnyDevice() {
        assertThat(tokens.verify(tokens.issue("op", "")).allowsDevice("anything")).isTrue();
    }

    @Test
    void refusesAChangedPayload() {
        String token = tokens.issue("alice", "phone-1");
        String[] parts = token.split("\\.");
        String forgedPayload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("alice", "bobby");
        String forged = "v1." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forgedPayload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertUnauthenticated(forged);
    }

    @Test
    void refusesATokenOfAnotherSecret() {
        byte[] other = SECRET.clone();
        other[0] = 8;
        String token = new TokenService(other, Clock.fixed(T0, ZoneOffset.UTC)).issue("alice", "phone-1");

        assertUnauthenticated(token);
    }

    @Test
    void refusesAnExpiredToken() {
        String token = tokens.issue("alice", "phone-1", Duration.ofHours(1));
        TokenService later = new TokenService(SECRET, Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC));

        assertUnauthenticated(token, later);
        assertThat(new TokenService(SECRET, Clock.fixed(T0.plusSeconds(3599), ZoneOffset.UTC)).verify(token).member())
                .isEqualTo("alice");
    }

    @Test
    void refusesMalformedTokens() {
        for (String bad : new String[] {"", "v2.abc.def", "v1.", "v1.abc", "v1.!!!.###", "v1..", "x".repeat(5000)}) {
            assertUnauthenticated(bad);
        }
    }

    @Test
    void refusesTheSameSignatureSpelledAnotherWay() {
        String token = tokens.issue("alice", "phone-1");
        // 32 MAC bytes are 43 base64 characters: the last one carries 4 bits and 2 unused ones.
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sameBits = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String spareBitSet = token.substring(0, token.length() - 1) + sameBits;
        assertThat(Base64.getUrlDecoder().decode(spareBitSet.substring(spareBitSet.lastIndexOf('.') + 1)))
                .isEqualTo(Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1)));

        assertUnauthenticated(token + "=");
        assertUnauthenticated(spareBitSet);
        assertThat(tokens.verify(token).member()).isEqualTo("alice");
    }

    @Test
    void defaultTtlIsThirtyDays() {
        TokenClaims c = tokens.verify(tokens.issue("alice", "d"));
        assertThat(c.expiresAtMs() - c.issuedAtMs()).isEqualTo(Duration.ofDays(30).toMillis());
    }

    private void assertUnauthenticated(String token) {
        assertUnauthenticated(token, tokens);
    }

    private static void assertUnauthenticated(String token, TokenService service) {
        assertThatThrownBy(() -> service.verify(token))
                .isInstanceOfSatisfying(GridcastException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }
}
