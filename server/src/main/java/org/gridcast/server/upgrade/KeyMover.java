package org.gridcast.server.upgrade;

import java.util.concurrent.CompletionStage;

/**
 * Moves one key to its new name without ever overwriting a key that is already there. Each
 * move is safe to repeat: a run interrupted anywhere is finished by running again.
 */
public interface KeyMover {
    CompletionStage<Outcome> move(String from, String to);

    /** What {@link #move} would do now, changing nothing (the dry run). */
    CompletionStage<Outcome> check(String from, String to);
}
