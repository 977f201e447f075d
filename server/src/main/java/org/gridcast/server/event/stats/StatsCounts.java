package org.gridcast.server.event.stats;

import org.gridcast.protocol.EventRates;

/**
 * The counts of events reported in a period in a unit subtree, and the rates derived from them
 * (definitions in docs/EVENTS.md). A rate whose denominator is 0 is reported as 0.
 */
public record StatsCounts(long reported, long valid, long transferred, long closed, long closedOnTime, long rated,
                          long satisfied, long followedUp, long overdue) {
    /** Field names as the Lua summary writes them, in the order of the record's components. */
    public static final String[] METRICS = {"reported", "valid", "transferred", "closed", "closedOnTime", "rated",
            "satisfied", "followedUp", "overdue"};

    public static StatsCounts of(long[] v) {
        return new StatsCounts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    public static int index(String metric) {
        for (int i = 0; i < METRICS.length; i++) {
            if (METRICS[i].equals(metric)) {
                return i;
            }
        }
        return -1;
    }

    public EventRates rates() {
        return EventRates.newBuilder()
                .setValid(ratio(valid, reported))
                .setTransfer(ratio(transferred, valid))
                .setClosure(ratio(closed, valid))
                .setOnTimeClosure(ratio(closedOnTime, closed))
                .setSatisfaction(ratio(satisfied, rated))
                .setFollowUp(ratio(followedUp, closed))
                .build();
    }

    public static double ratio(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }
}
