package org.gridcast.loadtest.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class StampTest {

    @Test
    void binaryRoundTripPadsToThePayloadSize() {
        Stamp s = new Stamp(7, 42, 123_456_789_012L);
        ByteBuf b = Unpooled.buffer();
        try {
            s.writeBinary(b, 128);
            assertThat(b.readableBytes()).isEqualTo(128);
            assertThat(Stamp.readBinary(b)).isEqualTo(s);
        } finally {
            b.release();
        }
        assertThat(Stamp.readBinary(s.toBinary(64))).isEqualTo(s);
    }

    @Test
    void textRoundTrip() {
        Stamp s = new Stamp(3, 9, -5L);
        String t = s.toText(100);
        assertThat(t).hasSize(100).startsWith("lt 3 9 -5 ");
        assertThat(Stamp.fromText(t)).isEqualTo(s);
        assertThat(Stamp.fromText("hello")).isNull();
    }

    @Test
    void textKeepsLargeAndNegativeClockValues() {
        Stamp big = new Stamp(Integer.MAX_VALUE, 123_456_789_012L, 922_337_203_685_477_579L);
        assertThat(Stamp.fromText(big.toText(20))).isEqualTo(big);
        Stamp negative = new Stamp(0, 1, -922_337_203_685_477_579L);
        assertThat(Stamp.fromText(negative.toText(64))).isEqualTo(negative);
    }

    @Test
    void textRefusesWhatIsNotAStamp() {
        assertThat(Stamp.fromText("lt ")).isNull();
        assertThat(Stamp.fromText("lt 1 2")).isNull();
        assertThat(Stamp.fromText("lt 1 x 3 ")).isNull();
        assertThat(Stamp.fromText("lt -1 2 3 ")).isNull();
        assertThat(Stamp.fromText("lt 1 2 99999999999999999999 ")).isNull();
        assertThat(Stamp.fromText("lt 3 4 5")).isEqualTo(new Stamp(3, 4, 5));
    }
}
