package org.gridcast.loadtest.gridcast;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.gridcast.client.Backoff;
import org.gridcast.loadtest.residents.Connector;
import org.gridcast.loadtest.retry.Retrying;
import org.gridcast.protocol.Envelope;

/**
 * Signs in the load tester's own staff sessions, the ones that post. Nodes that have just
 * started (seeding, warming their Redis connection) or that are busy logging in tens of
 * thousands of residents answer some logins UNAVAILABLE or not in time; a resident's login is
 * retried by {@link Connector}, and so is a poster's here, on a new connection after the same
 * full-jitter backoff. Without it one refused staff login aborted a whole run before any
 * resident connected.
 */
final class StaffSignIn {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250), MAX_BACKOFF = Duration.ofSeconds(5);
    /** Attempts per staff session: with the backoff above, about a minute of a node refusing. */
    static final int MAX_ATTEMPTS = 15;
    /** No attempt starts later than this: the run waits {@link GridcastTarget#STAFF_SIGN_IN_SECONDS} for all. */
    static final Duration GIVE_UP = Duration.ofSeconds(GridcastTarget.STAFF_SIGN_IN_SECONDS);
    /** One attempt (connect and login) that takes longer than this is abandoned and retried. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

    private final Function<InetSocketAddress, GridcastConnection> open;
    private final BiFunction<String, String, Envelope.Builder> login;
    private final Retrying retrying = new Retrying(new Retrying.Policy(
            new Backoff(FIRST_BACKOFF, MAX_BACKOFF, () -> ThreadLocalRandom.current().nextDouble()),
            MAX_ATTEMPTS, GIVE_UP, ATTEMPT_TIMEOUT), Connector::retryable);

    /**
     * @param open  opens a connection to a node (not yet logged in)
     * @param login builds the Login envelope for a member and device
     */
    StaffSignIn(Function<InetSocketAddress, GridcastConnection> open, BiFunction<String, String, Envelope.Builder> login) {
        this.open = open;
        this.login = login;
    }

    /** A logged-in session that pings at the server's heartbeat, or the last attempt's failure. */
    CompletableFuture<GridcastConnection> signIn(String member, String device, InetSocketAddress node) {
        return retrying.run(n -> attempt(member, device, node), Retrying.Listener.NONE);
    }

    private CompletableFuture<GridcastConnection> attempt(String member, String device, InetSocketAddress node) {
        GridcastConnection c = open.apply(node);
        CompletableFuture<GridcastConnection> in = c.active().thenCompose(ch -> c.call(login.apply(member, device)))
                .thenApply(ok -> {
                    c.keepAlive(ok.getLoginOk().getHeartbeatSeconds());
                    return c;
                });
        // failed, or timed out by Retrying: a late LoginOk must not leave a second session behind
        in.whenComplete((ok, e) -> {
            if (e != null && c.channel() != null) {
                c.channel().close();
            }
        });
        return in;
    }
}
