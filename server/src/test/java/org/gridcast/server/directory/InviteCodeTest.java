package org.gridcast.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InviteCodeTest {

    @Test
    void codesUseOnlyTheUnambiguousAlphabet() {
        assertThat(Invites.ALPHABET).doesNotContain("0", "O", "1", "I", "L").hasSize(31);
    }

    @Test
    void typedCodesAreNormalized() {
        assertThat(Invites.normalize("abcd-efgh 23")).isEqualTo("ABCDEFGH23");
        assertThat(Invites.normalize("ABCDEFGH2")).isNull();       // too short
        assertThat(Invites.normalize("ABCDEFGH20")).isNull();      // 0 is not in the alphabet
        assertThat(Invites.normalize(null)).isNull();
        assertThat(Invites.normalize("A".repeat(100))).isNull();
    }

    @Test
    void pageTokensRoundTrip() {
        PageToken t = new PageToken("sq-laisuzhou-g1-m1", "sq-laisuzhou-g1-m1-r12");
        assertThat(PageToken.decode(t.encode())).isEqualTo(t);
        assertThat(PageToken.decode(PageToken.afterUnit("sq").encode())).isEqualTo(PageToken.afterUnit("sq"));
        assertThat(PageToken.decode("")).isNull();
    }
}
