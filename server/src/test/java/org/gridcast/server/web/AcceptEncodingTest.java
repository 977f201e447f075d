package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptEncodingTest {
    @Test
    void gzipOnlyWhenListedOrStarredWithAPositiveQuality() {
        assertThat(AcceptEncoding.allowsGzip("gzip, deflate, br")).isTrue();
        assertThat(AcceptEncoding.allowsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(AcceptEncoding.allowsGzip("*")).isTrue();
        assertThat(AcceptEncoding.allowsGzip("x-gzip")).isTrue();
        assertThat(AcceptEncoding.allowsGzip(null)).isFalse();
        assertThat(AcceptEncoding.allowsGzip("")).isFalse();
        assertThat(AcceptEncoding.allowsGzip("br, deflate")).isFalse();
        assertThat(AcceptEncoding.allowsGzip("gzip;q=0")).isFalse();
        assertThat(AcceptEncoding.allowsGzip("gzip;q=0, *")).as("an explicit refusal wins over *").isFalse();
        assertThat(AcceptEncoding.allowsGzip("*;q=0")).isFalse();
        assertThat(AcceptEncoding.allowsGzip("gzip;q=abc")).isFalse();
        assertThat(AcceptEncoding.allowsGzip("gzip, " + "x".repeat(AcceptEncoding.MAX_CHARS))).isFalse();
    }
}
