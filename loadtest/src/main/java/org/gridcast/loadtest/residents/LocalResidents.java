package org.gridcast.loadtest.residents;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gridcast.loadtest.account.Ledger;
import org.gridcast.loadtest.account.Receiver;
import org.gridcast.loadtest.net.SourceAddresses;
import org.gridcast.loadtest.target.Target;

/** Every resident in this JVM, connected through the run's own target. */
public final class LocalResidents implements Residents {
    private final Target target;
    private final List<Receiver> receivers;
    private final Ledger ledger;
    private final Connector connector;

    public LocalResidents(Target target, List<Receiver> receivers, Ledger ledger, int connectRate,
                          SourceAddresses sources, Duration connectGiveUp, PrintStream out) {
        this.target = target;
        this.receivers = receivers;
        this.ledger = ledger;
        this.connector = new Connector(target, connectRate, sources, out, connectGiveUp);
    }

    public List<Receiver> receivers() {
        return receivers;
    }

    public Connector connector() {
        return connector;
    }

    @Override
    public int connectAll() {
        return connector.connectAll(receivers);
    }

    @Override
    public void cutAll() {
        connector.cutAll(receivers);
    }

    @Override
    public void resetTimings() {
        ledger.resetTimings();
    }

    @Override
    public Result finish(long[] published, long[] accepted) throws Exception {
        return new Result(Tally.of(receivers, published), target.verify(receivers, accepted));
    }

    @Override
    public int connectRetries() {
        return connector.retries();
    }

    @Override
    public Map<String, Object> facts() {
        return Map.of();
    }

    @Override
    public void close() {
        // the connections belong to the target, which the run closes
    }
}
