package org.gridcast.loadtest.target;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gridcast.loadtest.Options;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.load.Stamp;
import org.gridcast.loadtest.plan.TownPlan;
import org.gridcast.loadtest.probe.ServerEndpoints;

/**
 * One system under test, driven the same way as every other: the same subscribers following the
 * same topics (one per unit), the same notices at the same rate. Subscribers report what they
 * receive to their {@link Receiver}; the target only moves bytes.
 */
public interface Target extends AutoCloseable {
    /** Starts the target (or reaches the one at {@code --server}) and opens the publisher side. */
    void start(Options options, TownPlan plan, Ledger ledger) throws Exception;

    /** Where subscribers connect. */
    InetSocketAddress address();

    /** Opens one subscriber from {@code local}; completes once it follows every topic of its resident. */
    CompletableFuture<Void> connect(Receiver receiver, InetSocketAddress local);

    /** Closes one subscriber (churn, reconnect storm). */
    CompletableFuture<Void> disconnect(Receiver receiver);

    /**
     * Sends one notice. Completes when the target accepted it: acked where the protocol acks,
     * written to the socket where it does not.
     */
    CompletableFuture<Void> publish(Stamp stamp);

    /** Whether a subscriber that reconnects gets what it missed (only a store-and-forward target). */
    default boolean syncsOnReconnect() {
        return false;
    }

    /**
     * After the run: asks the target for its own view of each receiver's state (unread badges)
     * and returns how many disagree with the expectation; 0 when the target has no such view.
     */
    default long verify(List<Receiver> receivers, long[] published) throws Exception {
        return 0;
    }

    /**
     * Where the server shows its own figures (CPU, heap, Redis commands), once started; empty for
     * a target that has none to show.
     */
    default Optional<ServerEndpoints> serverEndpoints() {
        return Optional.empty();
    }

    /** Facts for the report: the peer's version and settings, server-side figures. */
    Map<String, Object> facts();

    @Override
    void close();
}
