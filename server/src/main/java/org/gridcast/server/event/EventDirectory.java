package org.gridcast.server.event;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The directory as the event domain sees it. The integrator implements it over the core's
 * directory (members in Redis, the in-memory unit tree); tests implement it over seed records.
 * Tree questions are synchronous because every node holds the tree in memory.
 */
public interface EventDirectory {
    /** The member, or empty if unknown. */
    CompletionStage<Optional<EventMember>> member(String memberId);

    /** Members whose home unit is exactly {@code unit}; the implementation bounds the list. */
    CompletionStage<List<EventMember>> membersOf(String unit);

    /** True if {@code unit} is {@code scopeUnit} or below it. */
    boolean within(String scopeUnit, String unit);

    /** {@code unit} first, then its parent, up to the top; empty if the unit is unknown. */
    List<String> ancestorsOrSelf(String unit);

    /** True for a DEPARTMENT unit: a town department or a community's shop alliance. */
    boolean isHandlerUnit(String unit);

    /** True if the unit exists. */
    boolean exists(String unit);

    /** The nearest COMMUNITY unit at or above {@code unit}. */
    Optional<String> communityOf(String unit);

    default Optional<String> parentOf(String unit) {
        List<String> up = ancestorsOrSelf(unit);
        return up.size() > 1 ? Optional.of(up.get(1)) : Optional.empty();
    }
}
