package org.gridcast.server.http;

import java.util.concurrent.CompletionStage;

/** Whether this node should get traffic now: Redis answers and the node accepts clients. */
@FunctionalInterface
public interface Readiness {
    CompletionStage<Boolean> check();
}
