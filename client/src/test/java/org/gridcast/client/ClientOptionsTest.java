package org.gridcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ClientOptions o = ClientOptions.defaults();
        assertThat(o.maxFrameBytes()).isEqualTo(65_536);
        assertThat(o.reconnectBackoffBase()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.reconnectBackoffCap()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.fetchPageSize()).isEqualTo(200);
        assertThat(o.autoReconnect()).isTrue();
        assertThat(o.syncOnLogin()).isTrue();
        assertThat(o.tls()).isFalse();
        assertThat(o.tlsCaFile()).isEmpty();
    }

    @Test
    void toBuilderCopiesEverySetting() {
        ClientOptions o = ClientOptions.builder().connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(2))
                .maxFrameBytes(4096).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(20)).maxPagesPerSync(3)
                .fetchPageSize(50).autoReconnect(false).syncOnLogin(false).clientVersion("x")
                .tls(true).tlsCaFile(java.nio.file.Path.of("ca.pem")).build();
        ClientOptions copy = o.toBuilder().build();
        assertThat(copy).usingRecursiveComparison().isEqualTo(o);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> ClientOptions.builder().fetchPageSize(201).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.builder().maxPagesPerSync(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.builder().requestTimeout(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.builder().reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        // a CA file without TLS would send the token in cleartext while the caller believes otherwise
        assertThatThrownBy(() -> ClientOptions.builder().tlsCaFile(java.nio.file.Path.of("ca.pem")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tlsCaFile needs tls(true)");
    }
}
