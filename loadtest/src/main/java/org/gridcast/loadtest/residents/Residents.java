package org.gridcast.loadtest.residents;

import java.util.Map;

/**
 * The receiving side of a run: every resident's connection and book, in this JVM or spread over
 * worker processes ({@code --processes}). The publisher and the {@link
 * org.gridcast.loadtest.account.Ledger}'s publish book stay with the run either way.
 */
public interface Residents extends AutoCloseable {
    /** Connects (or reconnects) every resident at the connect rate; returns how many gave up. */
    int connectAll() throws Exception;

    /** Cuts every resident's connection at once (reconnect storm). */
    void cutAll() throws Exception;

    /** Forgets the latencies recorded so far (after a warm-up); delivery counts stay. */
    void resetTimings() throws Exception;

    /**
     * After the drain: counts what every resident holds against {@code published} and checks each
     * badge against {@code accepted} (what each topic really holds); folds remote latencies into
     * the run's ledger.
     */
    Result finish(long[] published, long[] accepted) throws Exception;

    /** Connection attempts that failed and were retried. */
    int connectRetries();

    /** Report facts about how the residents were held (processes, their shares). */
    Map<String, Object> facts();

    record Result(Tally tally, long badgeMismatches) {
    }

    @Override
    void close();
}
