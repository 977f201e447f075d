package org.gridcast.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import org.gridcast.server.testing.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {
    @TempDir
    static Path dir;
    private static TestCertificate cert;

    @BeforeAll
    static void certificate() throws Exception {
        cert = TestCertificate.loopback(dir);
    }

    @Test
    void installPutsTlsFirstWithTheHandshakeTimeoutAndOnlyTls12And13() throws Exception {
        ServerTls tls = ServerTls.load(cert.cert(), cert.key());
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast("framing", new ChannelInboundHandlerAdapter());

        tls.install(ch);

        assertThat(ch.pipeline().names().get(0)).isEqualTo(ServerTls.HANDLER);
        SslHandler handler = (SslHandler) ch.pipeline().first();
        assertThat(handler.getHandshakeTimeoutMillis()).isEqualTo(10_000);
        SSLEngine engine = handler.engine();
        assertThat(engine.getUseClientMode()).isFalse();
        // OpenSSL's engine also lists "SSLv2Hello", the hello format it accepts, not a protocol it speaks
        assertThat(engine.getEnabledProtocols()).filteredOn(p -> !p.equals("SSLv2Hello"))
                .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        assertThat(engine.getEnabledCipherSuites()).isNotEmpty()
                .allMatch(c -> c.startsWith("TLS_ECDHE_") || c.matches("TLS_(AES_\\d+_GCM|CHACHA20_POLY1305)_SHA\\d+"), "forward secret")
                .contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(tls.enabled()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void plaintextInstallsNothing() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ServerTls.PLAINTEXT.install(ch);

        assertThat(ch.pipeline().get(ServerTls.HANDLER)).isNull();
        assertThat(ServerTls.PLAINTEXT.enabled()).isFalse();
        assertThat(ServerTls.PLAINTEXT.describe()).isEqualTo("none");
    }

    @Test
    void opensslIsUsedWhereTheNativeLibraryLoads() throws Exception {
        // netty-tcnative-boringssl-static ships linux-x86_64 only; elsewhere the JDK provider is expected
        boolean linuxX64 = System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        assertThat(ServerTls.load(cert.cert(), cert.key()).describe()).isEqualTo(linuxX64 ? "OPENSSL" : "JDK");
    }

    @Test
    void missingOrSwappedFilesAreRefused() throws Exception {
        assertThatThrownBy(() -> ServerTls.load(dir.resolve("nope.pem"), cert.key()))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot read " + dir.resolve("nope.pem"));
        assertThatThrownBy(() -> ServerTls.load(cert.key(), cert.cert())).isInstanceOf(IOException.class);
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> ServerTls.load(empty, cert.key())).isInstanceOf(IOException.class);
    }
}
