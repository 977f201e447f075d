package org.gridcast.server.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made at test time by the JDK's own {@code keytool} (no private key is
 * committed, no BouncyCastle needed), written as the PEM files {@code serve --tls-cert/--tls-key}
 * take: the certificate, and the key as unencrypted PKCS#8.
 *
 * @param cert PEM certificate; it is its own CA, so it is also the client's trust file
 * @param key  PEM PKCS#8 private key
 */
public record TestCertificate(Path cert, Path key) {
    private static final String PASSWORD = "test-only";

    /**
     * Creates an EC P-256 certificate valid for 2 days for the given subjectAltNames, e.g.
     * {@code "ip:127.0.0.1", "dns:localhost"}.
     */
    public static TestCertificate create(Path dir, String... subjectAltNames) throws Exception {
        Files.createDirectories(dir);
        Path store = dir.resolve("keystore.p12");
        Files.deleteIfExists(store);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "2",
                "-dname", "CN=gridcast test", "-ext", "SAN=" + String.join(",", subjectAltNames),
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool did not finish");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("server", PASSWORD.toCharArray());
        Certificate cert = ks.getCertificate("server");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded())); // getEncoded() of a private key is PKCS#8
        return new TestCertificate(certFile, keyFile);
    }

    /** The default for a server on loopback: valid for 127.0.0.1 and localhost. */
    public static TestCertificate loopback(Path dir) throws Exception {
        return create(dir, "ip:127.0.0.1", "dns:localhost");
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext trustingContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("server",
                    CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return String.join("\n", List.of("-----BEGIN " + type + "-----", body, "-----END " + type + "-----", ""));
    }
}
