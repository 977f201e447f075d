package org.gridcast.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Turns a connected socket into a TLS one with the JDK's (or Android's) TLS: only TLS 1.2 and
 * 1.3, the platform's default ciphers, and the server's name checked against its certificate, so a
 * token is never handed to whoever answers on the address.
 */
final class TlsSockets {

    /** Protocols offered; the server refuses anything older too. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLSocketFactory factory;

    private TlsSockets(SSLSocketFactory factory) {
        this.factory = factory;
    }

    /**
     * Trusting the platform's CAs, or, with {@code caFile}, only the PEM certificates in it (a
     * private CA or a self-signed server certificate).
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    static TlsSockets trusting(Path caFile) {
        try {
            if (caFile == null) {
                return new TlsSockets(SSLContext.getDefault().getSocketFactory());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(caFile).getTrustManagers(), null);
            return new TlsSockets(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustManagers(Path caFile) throws GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CA file " + caFile + ": " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate in CA file " + caFile);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate cert : certs) {
            store.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    /**
     * Layers TLS over {@code plain} and completes the handshake within {@code timeoutMillis}; the
     * returned socket owns {@code plain}.
     *
     * @throws IOException when the handshake fails (untrusted certificate, wrong name, not TLS)
     */
    Socket handshake(Socket plain, String host, int port, int timeoutMillis) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters params = socket.getSSLParameters();
        // "HTTPS" = RFC 2818 name matching: DNS names and IP addresses in the subjectAltName
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setProtocols(Arrays.stream(socket.getSupportedProtocols()).filter(PROTOCOLS::contains)
                .toArray(String[]::new));
        socket.setSSLParameters(params);
        int before = socket.getSoTimeout();
        socket.setSoTimeout(timeoutMillis);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        socket.setSoTimeout(before);
        return socket;
    }
}
