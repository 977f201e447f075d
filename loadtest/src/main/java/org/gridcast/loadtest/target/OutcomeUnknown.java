package org.gridcast.loadtest.target;

/**
 * A notice the target never acked although one of its attempts may have stored it (answered
 * UNAVAILABLE, or not answered in time, and every retry failed too). The books can neither count
 * it as accepted nor as refused; the run counts it apart ({@code unknownPosts}) and fails.
 */
public final class OutcomeUnknown extends Exception {
    public OutcomeUnknown(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
