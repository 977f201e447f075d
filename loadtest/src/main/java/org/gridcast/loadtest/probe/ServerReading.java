package org.gridcast.loadtest.probe;

/**
 * The server's own counters at one moment. A part that could not be read is null.
 *
 * @param metrics  its {@code /metrics}
 * @param commands its Redis's command statistics
 */
record ServerReading(MetricsScrape metrics, RedisCommandStats commands) {
    static final ServerReading NONE = new ServerReading(null, null);
}
