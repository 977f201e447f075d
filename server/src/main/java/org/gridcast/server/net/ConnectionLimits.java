package org.gridcast.server.net;

import java.time.Duration;

/**
 * Per-connection limits. Each is a defence: a phone needs a few requests a second, a login in
 * well under a second and a few KiB of buffer; anything far beyond is a bug or an attack, and
 * must not cost the node more than a bounded amount of memory or CPU.
 *
 * @param requestsPerSecond sustained request rate (token bucket refill)
 * @param burst requests allowed at once (bucket size): a reconnect sends login + a few fetches
 * @param maxRejectedInRow rate-limited requests in a row after which the peer is closed
 * @param loginTimeout time to send Login or RedeemInvite after connecting
 * @param maxUnauthenticated requests other than Login/RedeemInvite before login; the last closes
 * @param slowConsumerTimeout how long a session may stay unwritable before SLOW_CONSUMER
 * @param writeLowWaterMark bytes queued below which a connection is writable again
 * @param writeHighWaterMark bytes queued above which pushes to it are skipped
 */
public record ConnectionLimits(
        double requestsPerSecond,
        int burst,
        int maxRejectedInRow,
        Duration loginTimeout,
        int maxUnauthenticated,
        Duration slowConsumerTimeout,
        int writeLowWaterMark,
        int writeHighWaterMark) {

    public static final double DEFAULT_REQUESTS_PER_SECOND = 50;
    public static final int DEFAULT_BURST = 100;
    public static final int DEFAULT_MAX_REJECTED_IN_ROW = 200;
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_UNAUTHENTICATED = 3;
    public static final Duration DEFAULT_SLOW_CONSUMER_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_WRITE_LOW_WATER_MARK = 64 * 1024;
    public static final int DEFAULT_WRITE_HIGH_WATER_MARK = 256 * 1024;

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(DEFAULT_REQUESTS_PER_SECOND, DEFAULT_BURST,
            DEFAULT_MAX_REJECTED_IN_ROW, DEFAULT_LOGIN_TIMEOUT, DEFAULT_MAX_UNAUTHENTICATED,
            DEFAULT_SLOW_CONSUMER_TIMEOUT, DEFAULT_WRITE_LOW_WATER_MARK, DEFAULT_WRITE_HIGH_WATER_MARK);

    public ConnectionLimits {
        if (requestsPerSecond <= 0 || burst < 1 || maxRejectedInRow < 1 || maxUnauthenticated < 1
                || writeLowWaterMark > writeHighWaterMark) {
            throw new IllegalArgumentException("bad connection limits");
        }
    }

    public ConnectionLimits withLoginTimeout(Duration d) {
        return new ConnectionLimits(requestsPerSecond, burst, maxRejectedInRow, d, maxUnauthenticated,
                slowConsumerTimeout, writeLowWaterMark, writeHighWaterMark);
    }

    public ConnectionLimits withSlowConsumerTimeout(Duration d) {
        return new ConnectionLimits(requestsPerSecond, burst, maxRejectedInRow, loginTimeout, maxUnauthenticated,
                d, writeLowWaterMark, writeHighWaterMark);
    }

    public ConnectionLimits withRate(double perSecond, int burst, int maxRejectedInRow) {
        return new ConnectionLimits(perSecond, burst, maxRejectedInRow, loginTimeout, maxUnauthenticated,
                slowConsumerTimeout, writeLowWaterMark, writeHighWaterMark);
    }
}
