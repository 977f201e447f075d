package org.gridcast.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of a {@link GridcastClient}. Build with {@link #builder()}; every setting has a
 * documented default ({@code DEFAULT_*}).
 */
public final class ClientOptions {

    /** How long a TCP connect may take. Mobile networks can be slow to set up, but a user waits. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long a request waits for its reply. A reply that never comes (lost connection the OS has
     * not noticed yet) must not hold a caller forever; retries are safe because posts carry ids.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Largest frame (Envelope bytes, without the 4-byte prefix) sent or accepted. The server uses the
     * same cap; a larger incoming length is a broken or hostile peer and closes the connection
     * rather than allocating what it asks for.
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

    /** First reconnect delay ceiling; doubled per failed attempt (full jitter: uniform in [0, ceiling]). */
    public static final Duration DEFAULT_RECONNECT_BACKOFF_BASE = Duration.ofMillis(500);

    /**
     * Largest reconnect delay ceiling. Full jitter spreads the reconnects of thousands of phones
     * after a server restart instead of letting them arrive in waves.
     */
    public static final Duration DEFAULT_RECONNECT_BACKOFF_CAP = Duration.ofSeconds(30);

    /**
     * Pages fetched for one channel in one sync pass before other work (pushes, other channels) gets
     * a turn; the rest of the channel is fetched in a later pass. Bounds the time one pass holds the
     * client's event thread.
     */
    public static final int DEFAULT_MAX_PAGES_PER_SYNC = 50;

    /** Entries per Fetch; the protocol allows at most {@value #MAX_FETCH_PAGE_SIZE}. */
    public static final int DEFAULT_FETCH_PAGE_SIZE = 200;

    /** The protocol's limit on {@code Fetch.limit}. */
    public static final int MAX_FETCH_PAGE_SIZE = 200;

    /** Reconnect after a dropped connection (not after REPLACED, REVOKED or a refused token). */
    public static final boolean DEFAULT_AUTO_RECONNECT = true;

    /** Fetch what the device missed right after each login; one-shot tools switch it off. */
    public static final boolean DEFAULT_SYNC_ON_LOGIN = true;

    /**
     * Plaintext unless told otherwise, because a server only speaks TLS when its operator gave it a
     * certificate ({@code serve --tls-cert}). Anywhere but a trusted network, turn it on: the
     * token is a bearer credential.
     */
    public static final boolean DEFAULT_TLS = false;

    /** Sent in {@code Login.client_version}, for the server's logs. */
    public static final String DEFAULT_CLIENT_VERSION = "gridcast-java/0.1";

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxFrameBytes;
    private final Duration reconnectBackoffBase;
    private final Duration reconnectBackoffCap;
    private final int maxPagesPerSync;
    private final int fetchPageSize;
    private final boolean autoReconnect;
    private final boolean syncOnLogin;
    private final String clientVersion;
    private final boolean tls;
    private final Path tlsCaFile;

    private ClientOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxFrameBytes = b.maxFrameBytes;
        this.reconnectBackoffBase = b.reconnectBackoffBase;
        this.reconnectBackoffCap = b.reconnectBackoffCap;
        this.maxPagesPerSync = b.maxPagesPerSync;
        this.fetchPageSize = b.fetchPageSize;
        this.autoReconnect = b.autoReconnect;
        this.syncOnLogin = b.syncOnLogin;
        this.clientVersion = b.clientVersion;
        this.tls = b.tls;
        this.tlsCaFile = b.tlsCaFile;
    }

    /** The defaults. */
    public static ClientOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder()
                .connectTimeout(connectTimeout)
                .requestTimeout(requestTimeout)
                .maxFrameBytes(maxFrameBytes)
                .reconnectBackoff(reconnectBackoffBase, reconnectBackoffCap)
                .maxPagesPerSync(maxPagesPerSync)
                .fetchPageSize(fetchPageSize)
                .autoReconnect(autoReconnect)
                .syncOnLogin(syncOnLogin)
                .clientVersion(clientVersion)
                .tls(tls)
                .tlsCaFile(tlsCaFile);
    }

    public Duration connectTimeout() { return connectTimeout; }
    public Duration requestTimeout() { return requestTimeout; }
    public int maxFrameBytes() { return maxFrameBytes; }
    public Duration reconnectBackoffBase() { return reconnectBackoffBase; }
    public Duration reconnectBackoffCap() { return reconnectBackoffCap; }
    public int maxPagesPerSync() { return maxPagesPerSync; }
    public int fetchPageSize() { return fetchPageSize; }
    public boolean autoReconnect() { return autoReconnect; }
    public boolean syncOnLogin() { return syncOnLogin; }
    public String clientVersion() { return clientVersion; }
    /** Speak TLS (1.2 or 1.3) to the server, checking its certificate and its name. */
    public boolean tls() { return tls; }
    /** PEM certificates to trust instead of the platform's CAs (a private CA, a self-signed server). */
    public Optional<Path> tlsCaFile() { return Optional.ofNullable(tlsCaFile); }

    /** Mutable builder; {@link #build()} checks the values. */
    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private Duration reconnectBackoffBase = DEFAULT_RECONNECT_BACKOFF_BASE;
        private Duration reconnectBackoffCap = DEFAULT_RECONNECT_BACKOFF_CAP;
        private int maxPagesPerSync = DEFAULT_MAX_PAGES_PER_SYNC;
        private int fetchPageSize = DEFAULT_FETCH_PAGE_SIZE;
        private boolean autoReconnect = DEFAULT_AUTO_RECONNECT;
        private boolean syncOnLogin = DEFAULT_SYNC_ON_LOGIN;
        private String clientVersion = DEFAULT_CLIENT_VERSION;
        private boolean tls = DEFAULT_TLS;
        private Path tlsCaFile;

        private Builder() {
        }

        public Builder connectTimeout(Duration v) { connectTimeout = Objects.requireNonNull(v); return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = Objects.requireNonNull(v); return this; }
        public Builder maxFrameBytes(int v) { maxFrameBytes = v; return this; }

        public Builder reconnectBackoff(Duration base, Duration cap) {
            reconnectBackoffBase = Objects.requireNonNull(base);
            reconnectBackoffCap = Objects.requireNonNull(cap);
            return this;
        }

        public Builder maxPagesPerSync(int v) { maxPagesPerSync = v; return this; }
        public Builder fetchPageSize(int v) { fetchPageSize = v; return this; }
        public Builder autoReconnect(boolean v) { autoReconnect = v; return this; }
        public Builder syncOnLogin(boolean v) { syncOnLogin = v; return this; }
        public Builder clientVersion(String v) { clientVersion = Objects.requireNonNull(v); return this; }
        public Builder tls(boolean v) { tls = v; return this; }
        /** Null: trust the platform's CAs. Only with {@link #tls(boolean) tls(true)}. */
        public Builder tlsCaFile(Path v) { tlsCaFile = v; return this; }

        public ClientOptions build() {
            requirePositive("connectTimeout", connectTimeout);
            requirePositive("requestTimeout", requestTimeout);
            requirePositive("reconnectBackoffBase", reconnectBackoffBase);
            if (reconnectBackoffCap.compareTo(reconnectBackoffBase) < 0) {
                throw new IllegalArgumentException("reconnectBackoffCap must be >= reconnectBackoffBase");
            }
            if (maxFrameBytes < 1024) {
                throw new IllegalArgumentException("maxFrameBytes must be >= 1024: " + maxFrameBytes);
            }
            if (maxPagesPerSync < 1) {
                throw new IllegalArgumentException("maxPagesPerSync must be >= 1: " + maxPagesPerSync);
            }
            if (fetchPageSize < 1 || fetchPageSize > MAX_FETCH_PAGE_SIZE) {
                throw new IllegalArgumentException("fetchPageSize must be in 1.." + MAX_FETCH_PAGE_SIZE);
            }
            if (tlsCaFile != null && !tls) {
                // a CA file without TLS would silently send the token in cleartext
                throw new IllegalArgumentException("tlsCaFile needs tls(true)");
            }
            return new ClientOptions(this);
        }

        private static void requirePositive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }
    }
}
