package org.gridcast.server.media;

import java.time.Duration;

/**
 * The bounds on photo uploads. Each exists because an upload costs disk and bandwidth that one
 * member, or one busy node, must not take from everybody else.
 *
 * @param maxBytes         one photo; phones' JPEGs are 2–6 MB, the contract allows 10 MB
 * @param perMember        uploads one member may start per {@code window}; 9 photos make a report
 * @param window           the rate window
 * @param concurrent       uploads this node streams at once; each holds an open file and a socket
 * @param diskBudgetBytes  bytes of stored photos (plus uploads in progress) this node allows
 * @param uploadTimeout    an upload's whole request, headers to last byte (the 10 s HTTP deadline
 *                         would cut off a phone on a slow network)
 */
public record MediaLimits(long maxBytes, int perMember, Duration window, int concurrent, long diskBudgetBytes,
        Duration uploadTimeout) {
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_PER_MEMBER = 30;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    public static final int DEFAULT_CONCURRENT = 16;
    public static final long DEFAULT_DISK_BUDGET = 10L * 1024 * 1024 * 1024;
    /** 10 MB in 120 s is about 700 kbit/s: a poor 4G link still makes it. */
    public static final Duration DEFAULT_UPLOAD_TIMEOUT = Duration.ofSeconds(120);
    public static final MediaLimits DEFAULTS = new MediaLimits(DEFAULT_MAX_BYTES, DEFAULT_PER_MEMBER, DEFAULT_WINDOW,
            DEFAULT_CONCURRENT, DEFAULT_DISK_BUDGET, DEFAULT_UPLOAD_TIMEOUT);

    public MediaLimits {
        if (maxBytes < 16 || perMember < 1 || window.isNegative() || window.isZero() || concurrent < 1
                || diskBudgetBytes < 0 || uploadTimeout.isNegative() || uploadTimeout.isZero()) {
            throw new IllegalArgumentException("bad media limits");
        }
    }

    public MediaLimits withDiskBudget(long bytes) {
        return new MediaLimits(maxBytes, perMember, window, concurrent, bytes, uploadTimeout);
    }
}
