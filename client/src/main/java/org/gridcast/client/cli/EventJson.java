package org.gridcast.client.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.gridcast.protocol.ConversationInfo;
import org.gridcast.protocol.EventRef;

/** The JSON shapes the event and consultation commands share. */
final class EventJson {

    /** Decimals of rates and scores: 0.9412 reads as 94.12%, enough for a report and stable in tests. */
    static final int DECIMALS = 4;

    private EventJson() {
    }

    /** {@code {"id","state"}}: what report, transition, rate and follow-up print. */
    static Json ref(EventRef ref) {
        return Json.object().put("id", ref.getId()).put("state", ref.getState());
    }

    /** Milliseconds since the epoch as ISO-8601 UTC, e.g. {@code 2022-03-01T02:00:00Z}. */
    static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** A fraction as a JSON number with {@link #DECIMALS} decimals, half up. */
    static String decimal(double value) {
        return BigDecimal.valueOf(value).setScale(DECIMALS, RoundingMode.HALF_UP).toPlainString();
    }

    /**
     * numerator / denominator as {@link #decimal}, or {@code null} when the denominator is 0: "no
     * events to measure" must not read as a rate of 0%.
     */
    static String rate(long numerator, long denominator) {
        if (denominator == 0) {
            return "null";
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), DECIMALS, RoundingMode.HALF_UP).toPlainString();
    }

    /** A conversation; {@code waitingSince} is null when every resident message was answered. */
    static Json conversation(ConversationInfo c) {
        Json out = Json.object().put("id", c.getId()).put("resident", c.getResident()).put("staff", c.getStaff())
                .put("community", c.getCommunity()).put("openedAt", instant(c.getOpenedAtMs()));
        if (c.getWaitingSinceMs() == 0) {
            out.putNull("waitingSince");
        } else {
            out.put("waitingSince", instant(c.getWaitingSinceMs()));
        }
        return out.put("overdue", c.getOverdue());
    }
}
