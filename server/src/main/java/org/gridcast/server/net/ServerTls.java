package org.gridcast.server.net;

import io.netty.channel.Channel;
import io.netty.handler.ssl.CipherSuiteFilter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * TLS for the client ports, or {@link #PLAINTEXT}. Tokens are bearer credentials valid for 30
 * days; on a network the operator does not own they must not cross in cleartext.
 *
 * <p>OpenSSL (BoringSSL from netty-tcnative) is used where its native library loads, for its
 * lower CPU and memory cost per connection; elsewhere the JDK's TLS, which is slower but the same
 * protocol to the client.
 */
public final class ServerTls {
    /** Name of the TLS handler, always first in the pipeline so every byte in and out passes it. */
    public static final String HANDLER = "tls";

    /**
     * Protocols offered. TLS 1.0 and 1.1 are deprecated (RFC 8996); every phone OS since Android 5
     * and every JDK since 8 speak 1.2.
     */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Of Netty's default ciphers, those with forward secrecy: TLS 1.3's (no "_WITH_" in their
     * names: the key exchange is always ephemeral) and TLS 1.2's ECDHE ones.
     * The defaults also keep plain-RSA key exchange for old clients; a token recorded today must
     * not be readable from traffic once the server's key leaks later.
     */
    static final CipherSuiteFilter FORWARD_SECRET = (ciphers, defaults, supported) -> defaults.stream()
            .filter(c -> supported.contains(c) && (c.startsWith("TLS_ECDHE_") || !c.contains("_WITH_")))
            .toArray(String[]::new);

    /**
     * Time a connection has to finish the handshake. A peer that opens a socket and stalls would
     * otherwise hold it (and its buffers) until the login timeout, which only starts counting
     * frames after the handshake.
     */
    public static final long HANDSHAKE_TIMEOUT_MS = 10_000;

    /** No TLS: the pipelines stay exactly as they were. */
    public static final ServerTls PLAINTEXT = new ServerTls(null, null);

    private final SslContext context;
    private final SslProvider provider;

    private ServerTls(SslContext context, SslProvider provider) {
        this.context = context;
        this.provider = provider;
    }

    /**
     * Loads a PEM certificate chain (leaf first) and its PEM PKCS#8 private key.
     *
     * @throws IOException when a file is missing or unreadable, or not PEM of the expected kind
     */
    public static ServerTls load(Path certChain, Path privateKey) throws IOException {
        for (Path p : List.of(certChain, privateKey)) {
            if (!Files.isReadable(p)) {
                throw new IOException("cannot read " + p);
            }
        }
        SslProvider provider = provider();
        try {
            return new ServerTls(SslContextBuilder.forServer(certChain.toFile(), privateKey.toFile())
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .ciphers(null, FORWARD_SECRET)
                    .build(), provider);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // Netty reports a key in the wrong format as IllegalArgumentException
            throw new IOException("cannot load TLS certificate " + certChain + " with key " + privateKey + ": " + e, e);
        }
    }

    /** OpenSSL when netty-tcnative loads on this platform, else the JDK. */
    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    public boolean enabled() {
        return context != null;
    }

    /** The provider in use ("OPENSSL", "JDK"), or "none" for plaintext; for the start-up log. */
    public String describe() {
        return provider == null ? "none" : provider.name();
    }

    /** Puts the TLS handler first in a new connection's pipeline; does nothing for plaintext. */
    public void install(Channel channel) {
        if (context == null) {
            return;
        }
        SslHandler handler = context.newHandler(channel.alloc());
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
        channel.pipeline().addFirst(HANDLER, handler);
    }
}
