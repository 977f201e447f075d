package org.gridcast.seeds.events;

import java.util.List;

/**
 * One generated event report with its whole history. {@code rating} ("satisfied", "basic",
 * "unsatisfied" or "") is given after the final close; {@code followUps} visits were recorded on it.
 */
public record SeedEvent(String id, String category, String text, String unit, String reporter, long reportedAtMs,
                        boolean urgent, List<SeedStep> steps, String rating, String ratingComment, int followUps) {
    public String finalState() {
        return steps.isEmpty() ? "SUBMITTED" : steps.get(steps.size() - 1).state();
    }

    public boolean reached(String state) {
        return steps.stream().anyMatch(s -> s.state().equals(state));
    }
}
